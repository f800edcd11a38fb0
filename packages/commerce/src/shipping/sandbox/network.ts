/**
 * The sandbox carrier's network: the cities it serves, each with its sorting hub, and one gateway hub per
 * region through which long-haul parcels pass. Names follow the way Chinese express carriers label their
 * facilities, so timelines read like the real thing.
 */
export type Region = 'east' | 'north' | 'south' | 'central' | 'southwest' | 'northwest';

export interface ServedCity {
  readonly city: string;
  readonly province: string;
  readonly hub: string;
  readonly region: Region;
}

const served: readonly ServedCity[] = [
  { city: '上海', province: '上海', hub: '上海青浦转运中心', region: 'east' },
  { city: '杭州', province: '浙江', hub: '杭州萧山转运中心', region: 'east' },
  { city: '义乌', province: '浙江', hub: '义乌转运中心', region: 'east' },
  { city: '南京', province: '江苏', hub: '南京江宁转运中心', region: 'east' },
  { city: '苏州', province: '江苏', hub: '苏州吴中转运中心', region: 'east' },
  { city: '北京', province: '北京', hub: '北京顺义转运中心', region: 'north' },
  { city: '天津', province: '天津', hub: '天津武清转运中心', region: 'north' },
  { city: '广州', province: '广东', hub: '广州白云转运中心', region: 'south' },
  { city: '深圳', province: '广东', hub: '深圳宝安转运中心', region: 'south' },
  { city: '东莞', province: '广东', hub: '东莞虎门转运中心', region: 'south' },
  { city: '武汉', province: '湖北', hub: '武汉东西湖转运中心', region: 'central' },
  { city: '长沙', province: '湖南', hub: '长沙望城转运中心', region: 'central' },
  { city: '郑州', province: '河南', hub: '郑州航空港转运中心', region: 'central' },
  { city: '成都', province: '四川', hub: '成都双流转运中心', region: 'southwest' },
  { city: '重庆', province: '重庆', hub: '重庆沙坪坝转运中心', region: 'southwest' },
  { city: '西安', province: '陕西', hub: '西安咸阳转运中心', region: 'northwest' },
];

/** The hub every parcel leaving or entering a region passes through. */
const gateways: Readonly<Record<Region, string>> = {
  east: '上海',
  north: '北京',
  south: '广州',
  central: '武汉',
  southwest: '成都',
  northwest: '西安',
};

/** Accepts `杭州` and `杭州市` alike. */
export const findCity = (name: string): ServedCity | undefined => {
  const bare = name.trim().replace(/市$/, '');
  return served.find((c) => c.city === bare);
};

export const gatewayOf = (region: Region): ServedCity => {
  const city = findCity(gateways[region]);
  // Every gateway is one of the served cities above.
  if (!city) throw new TypeError(`no gateway city for region ${region}`);
  return city;
};

export const servedCities = (): readonly string[] => served.map((c) => c.city);
