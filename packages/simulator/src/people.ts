import type { Random } from './random.js';

/** How a kind of shopper behaves; chances are per day (visits) or per occasion (the rest). */
export interface Persona {
  readonly kind: 'browser' | 'shopper' | 'loyal' | 'returner' | 'fraudster';
  readonly visitChance: number;
  /** Chance that a session that filled a cart ends in a checkout. */
  readonly checkoutChance: number;
  readonly reviewChance: number;
  /** Chance of an after-sales case per delivered order. */
  readonly caseChance: number;
  readonly ratings: readonly [min: number, max: number];
}

export const personas: Readonly<Record<Persona['kind'], Persona>> = {
  browser: { kind: 'browser', visitChance: 0.25, checkoutChance: 0.1, reviewChance: 0.1, caseChance: 0.02, ratings: [3, 5] },
  shopper: { kind: 'shopper', visitChance: 0.35, checkoutChance: 0.55, reviewChance: 0.3, caseChance: 0.05, ratings: [3, 5] },
  loyal: { kind: 'loyal', visitChance: 0.5, checkoutChance: 0.7, reviewChance: 0.5, caseChance: 0.03, ratings: [4, 5] },
  returner: { kind: 'returner', visitChance: 0.35, checkoutChance: 0.6, reviewChance: 0.4, caseChance: 0.6, ratings: [1, 3] },
  fraudster: { kind: 'fraudster', visitChance: 0.8, checkoutChance: 0.95, reviewChance: 0, caseChance: 0.3, ratings: [1, 5] },
};

/** Who a new customer is, fraudsters at the share the options give. */
export const drawPersona = (random: Random, fraudShare: number): Persona =>
  random.chance(fraudShare)
    ? personas.fraudster
    : random.weighted<Persona>([
        [personas.browser, 35],
        [personas.shopper, 40],
        [personas.loyal, 17],
        [personas.returner, 8],
      ]);

export interface City {
  readonly province: string;
  readonly city: string;
  readonly districts: readonly string[];
  /** Share of the population. */
  readonly weight: number;
}

/** Cities the sandbox carrier serves, weighted roughly by online shoppers. */
export const cities: readonly City[] = [
  { province: '上海', city: '上海', districts: ['浦东新区', '徐汇区', '静安区', '闵行区'], weight: 12 },
  { province: '北京', city: '北京', districts: ['朝阳区', '海淀区', '东城区', '丰台区'], weight: 11 },
  { province: '广东', city: '广州', districts: ['天河区', '越秀区', '番禺区'], weight: 9 },
  { province: '广东', city: '深圳', districts: ['南山区', '福田区', '宝安区'], weight: 9 },
  { province: '广东', city: '东莞', districts: ['南城街道', '虎门镇'], weight: 3 },
  { province: '浙江', city: '杭州', districts: ['西湖区', '滨江区', '余杭区'], weight: 8 },
  { province: '浙江', city: '义乌', districts: ['稠城街道', '北苑街道'], weight: 2 },
  { province: '江苏', city: '南京', districts: ['鼓楼区', '玄武区', '江宁区'], weight: 5 },
  { province: '江苏', city: '苏州', districts: ['姑苏区', '工业园区', '吴中区'], weight: 5 },
  { province: '天津', city: '天津', districts: ['和平区', '南开区'], weight: 3 },
  { province: '湖北', city: '武汉', districts: ['武昌区', '洪山区', '江汉区'], weight: 5 },
  { province: '湖南', city: '长沙', districts: ['岳麓区', '天心区'], weight: 4 },
  { province: '河南', city: '郑州', districts: ['金水区', '二七区'], weight: 4 },
  { province: '四川', city: '成都', districts: ['锦江区', '武侯区', '高新区'], weight: 7 },
  { province: '重庆', city: '重庆', districts: ['渝中区', '江北区', '沙坪坝区'], weight: 5 },
  { province: '陕西', city: '西安', districts: ['雁塔区', '碑林区'], weight: 4 },
];

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const givenNames = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晨', '宇'];
const streets = ['人民路', '中山路', '解放路', '建设路', '和平路', '新华路', '文化路', '长江路', '黄河路', '学府路'];

export const drawCity = (random: Random): City => random.weighted(cities.map((city) => [city, city.weight] as const));

export const drawName = (random: Random): string => `${random.pick(surnames)}${random.pick(givenNames)}`;

export const drawStreetAddress = (random: Random): string => `${random.pick(streets)}${random.int(1, 999)}号${random.int(1, 30)}栋${random.int(101, 2808)}室`;

export const drawMobile = (random: Random): string => `1${random.pick(['35', '38', '39', '50', '58', '86', '88'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
