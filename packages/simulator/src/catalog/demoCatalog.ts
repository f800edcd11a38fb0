/**
 * The demo catalog the reference host seeds on first start: a few hundred products with Chinese and English
 * titles across categories and brands, each with one priced SKU and stock. Generated from the lines below, the
 * same every time, so a demo shop, its screenshots and its scripted journeys always find the same products.
 */

export interface DemoCategory {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
}

export interface DemoBrand {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
}

export interface DemoProduct {
  /** Stable across runs: `<category>-<brand>-<n>`. */
  readonly key: string;
  readonly category: string;
  readonly brand: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly description: { readonly zh: string; readonly en: string };
  readonly sku: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Fen. */
  readonly price: number;
  readonly stock: number;
}

interface Line {
  readonly brand: DemoBrand;
  readonly models: readonly (readonly [zh: string, en: string, basePrice: number])[];
}

interface Family {
  readonly category: DemoCategory;
  readonly noun: readonly [zh: string, en: string];
  readonly variants: readonly (readonly [zh: string, en: string, extra: number])[];
  readonly pitch: readonly [zh: string, en: string];
  readonly lines: readonly Line[];
}

const brand = (key: string, zh: string, en: string): DemoBrand => ({ key, zh, en });
const huawei = brand('huawei', '华为', 'Huawei');
const apple = brand('apple', '苹果', 'Apple');
const xiaomi = brand('xiaomi', '小米', 'Xiaomi');
const oppo = brand('oppo', 'OPPO', 'OPPO');
const lenovo = brand('lenovo', '联想', 'Lenovo');
const sony = brand('sony', '索尼', 'Sony');
const midea = brand('midea', '美的', 'Midea');
const gree = brand('gree', '格力', 'Gree');
const anta = brand('anta', '安踏', 'Anta');
const lining = brand('lining', '李宁', 'Li-Ning');
const nike = brand('nike', '耐克', 'Nike');
const moutai = brand('moutai', '茅台', 'Moutai');
const luckin = brand('luckin', '瑞幸', 'Luckin');
const pechoin = brand('pechoin', '百雀羚', 'Pechoin');
const zhonghua = brand('zhonghua', '中华书局', 'Zhonghua Book Company');
const vivo = brand('vivo', 'vivo', 'vivo');
const honor = brand('honor', '荣耀', 'Honor');
const canon = brand('canon', '佳能', 'Canon');
const dji = brand('dji', '大疆', 'DJI');
const hisense = brand('hisense', '海信', 'Hisense');
const squirrels = brand('three-squirrels', '三只松鼠', 'Three Squirrels');
const bestore = brand('bestore', '良品铺子', 'Bestore');
const supor = brand('supor', '苏泊尔', 'Supor');

const families: readonly Family[] = [
  {
    category: { key: 'phones', zh: '手机', en: 'Phones' },
    noun: ['5G智能手机', '5G smartphone'],
    variants: [['8GB+256GB 黑色', '8GB+256GB black', 0], ['12GB+256GB 白色', '12GB+256GB white', 50_000], ['12GB+512GB 蓝色', '12GB+512GB blue', 100_000]],
    pitch: ['旗舰影像，长续航，支持快充。', 'Flagship camera, long battery life, fast charging.'],
    lines: [
      { brand: huawei, models: [['Mate 60 Pro', 'Mate 60 Pro', 649_900], ['Mate 60', 'Mate 60', 549_900], ['nova 12', 'nova 12', 299_900], ['Pura 70', 'Pura 70', 549_900]] },
      { brand: apple, models: [['iPhone 15 Pro', 'iPhone 15 Pro', 799_900], ['iPhone 15', 'iPhone 15', 599_900], ['iPhone 14', 'iPhone 14', 499_900]] },
      { brand: xiaomi, models: [['小米14', 'Xiaomi 14', 399_900], ['Redmi K70', 'Redmi K70', 249_900], ['Redmi Note 13', 'Redmi Note 13', 129_900]] },
      { brand: oppo, models: [['Find X7', 'Find X7', 399_900], ['Reno 11', 'Reno 11', 249_900]] },
      { brand: vivo, models: [['X100 Pro', 'X100 Pro', 499_900], ['iQOO 12', 'iQOO 12', 399_900]] },
      { brand: honor, models: [['Magic6', 'Magic6', 439_900], ['荣耀90', 'Honor 90', 249_900]] },
    ],
  },
  {
    category: { key: 'laptops', zh: '笔记本电脑', en: 'Laptops' },
    noun: ['轻薄笔记本电脑', 'thin and light laptop'],
    variants: [['16GB+512GB 银色', '16GB+512GB silver', 0], ['32GB+1TB 深空灰', '32GB+1TB space grey', 300_000]],
    pitch: ['高性能处理器，高清屏幕，适合办公与学习。', 'Fast processor and a sharp screen for work and study.'],
    lines: [
      { brand: huawei, models: [['MateBook X Pro', 'MateBook X Pro', 1_099_900], ['MateBook 14', 'MateBook 14', 599_900]] },
      { brand: apple, models: [['MacBook Air 13', 'MacBook Air 13', 799_900], ['MacBook Pro 14', 'MacBook Pro 14', 1_299_900]] },
      { brand: lenovo, models: [['ThinkPad X1 Carbon', 'ThinkPad X1 Carbon', 999_900], ['小新Pro 16', 'Xiaoxin Pro 16', 549_900], ['拯救者Y9000P', 'Legion Y9000P', 899_900]] },
      { brand: xiaomi, models: [['Redmi Book 14', 'Redmi Book 14', 399_900]] },
    ],
  },
  {
    category: { key: 'headphones', zh: '耳机', en: 'Headphones' },
    noun: ['无线降噪耳机', 'wireless noise-cancelling headphones'],
    variants: [['黑色', 'black', 0], ['白色', 'white', 0], ['蓝色', 'blue', 5_000]],
    pitch: ['主动降噪，蓝牙5.3，佩戴舒适。', 'Active noise cancelling, Bluetooth 5.3, comfortable fit.'],
    lines: [
      { brand: sony, models: [['WH-1000XM5', 'WH-1000XM5', 249_900], ['WF-1000XM5', 'WF-1000XM5', 169_900]] },
      { brand: apple, models: [['AirPods Pro 2', 'AirPods Pro 2', 189_900], ['AirPods 3', 'AirPods 3', 139_900]] },
      { brand: huawei, models: [['FreeBuds Pro 3', 'FreeBuds Pro 3', 149_900], ['FreeBuds 5i', 'FreeBuds 5i', 49_900]] },
      { brand: xiaomi, models: [['Redmi Buds 5', 'Redmi Buds 5', 19_900]] },
    ],
  },
  {
    category: { key: 'watches', zh: '智能手表', en: 'Smart watches' },
    noun: ['智能手表', 'smart watch'],
    variants: [['42mm 黑色', '42mm black', 0], ['46mm 银色', '46mm silver', 30_000]],
    pitch: ['心率血氧监测，运动记录，超长续航。', 'Heart rate and SpO2, workout tracking, long battery life.'],
    lines: [
      { brand: huawei, models: [['WATCH 4 Pro', 'WATCH 4 Pro', 369_900], ['WATCH GT 4', 'WATCH GT 4', 148_800]] },
      { brand: apple, models: [['Apple Watch Series 9', 'Apple Watch Series 9', 299_900], ['Apple Watch SE', 'Apple Watch SE', 199_900]] },
      { brand: xiaomi, models: [['Watch S3', 'Watch S3', 79_900], ['手环9', 'Smart Band 9', 24_900]] },
    ],
  },
  {
    category: { key: 'tablets', zh: '平板电脑', en: 'Tablets' },
    noun: ['平板电脑', 'tablet'],
    variants: [['8GB+128GB', '8GB+128GB', 0], ['8GB+256GB', '8GB+256GB', 80_000]],
    pitch: ['大屏护眼，支持手写笔，影音娱乐。', 'Large eye-friendly screen, stylus support, great for films.'],
    lines: [
      { brand: apple, models: [['iPad Air', 'iPad Air', 479_900], ['iPad mini', 'iPad mini', 399_900]] },
      { brand: huawei, models: [['MatePad Pro 13.2', 'MatePad Pro 13.2', 519_900], ['MatePad 11.5', 'MatePad 11.5', 199_900]] },
      { brand: xiaomi, models: [['小米平板6', 'Xiaomi Pad 6', 199_900]] },
      { brand: lenovo, models: [['小新Pad Pro', 'Xiaoxin Pad Pro', 179_900]] },
    ],
  },
  {
    category: { key: 'appliances', zh: '家用电器', en: 'Home appliances' },
    noun: ['家用电器', 'home appliance'],
    variants: [['标准版', 'standard', 0], ['智能版', 'smart edition', 30_000]],
    pitch: ['节能省电，智能控制，全国联保。', 'Energy saving, smart controls, nationwide warranty.'],
    lines: [
      { brand: midea, models: [['电饭煲 4L', 'rice cooker 4L', 29_900], ['空气炸锅', 'air fryer', 39_900], ['变频空调 1.5匹', 'inverter air conditioner 1.5HP', 299_900], ['洗碗机', 'dishwasher', 399_900]] },
      { brand: gree, models: [['云佳空调 1.5匹', 'Yunjia air conditioner 1.5HP', 279_900], ['电风扇', 'electric fan', 29_900], ['空气净化器', 'air purifier', 159_900]] },
      { brand: xiaomi, models: [['扫地机器人', 'robot vacuum', 199_900], ['空气净化器4', 'Air Purifier 4', 89_900]] },
    ],
  },
  {
    category: { key: 'shoes', zh: '运动鞋', en: 'Sneakers' },
    noun: ['跑步鞋', 'running shoes'],
    variants: [['40码', 'EU 40', 0], ['42码', 'EU 42', 0], ['44码', 'EU 44', 0]],
    pitch: ['轻量缓震，透气网面，日常跑步训练。', 'Light cushioning and a breathable mesh for daily runs.'],
    lines: [
      { brand: anta, models: [['C202 5代', 'C202 5', 49_900], ['马赫4代', 'Mach 4', 39_900]] },
      { brand: lining, models: [['飞电4 Elite', 'Feidian 4 Elite', 89_900], ['赤兔7', 'Chitu 7', 49_900]] },
      { brand: nike, models: [['Pegasus 41', 'Pegasus 41', 89_900], ['Vaporfly 3', 'Vaporfly 3', 179_900]] },
    ],
  },
  {
    category: { key: 'cameras', zh: '相机', en: 'Cameras' },
    noun: ['数码相机', 'digital camera'],
    variants: [['单机身', 'body only', 0], ['套机', 'with kit lens', 200_000]],
    pitch: ['高画质传感器，4K视频，旅行记录好帮手。', 'A sharp sensor and 4K video for your travels.'],
    lines: [
      { brand: canon, models: [['EOS R6 Mark II', 'EOS R6 Mark II', 1_599_900], ['EOS R50', 'EOS R50', 549_900]] },
      { brand: sony, models: [['A7 IV', 'Alpha 7 IV', 1_699_900], ['ZV-E10', 'ZV-E10', 549_900]] },
      { brand: dji, models: [['Osmo Pocket 3', 'Osmo Pocket 3', 349_900], ['Action 4', 'Osmo Action 4', 249_900]] },
    ],
  },
  {
    category: { key: 'tvs', zh: '电视', en: 'Televisions' },
    noun: ['4K智能电视', '4K smart TV'],
    variants: [['55英寸', '55 inch', 0], ['65英寸', '65 inch', 100_000], ['75英寸', '75 inch', 250_000]],
    pitch: ['超高清画质，智能语音，护眼低蓝光。', 'Ultra HD picture, voice control, low blue light.'],
    lines: [
      { brand: hisense, models: [['E8K', 'E8K', 399_900], ['E5K', 'E5K', 229_900]] },
      { brand: xiaomi, models: [['小米电视S Pro', 'Xiaomi TV S Pro', 349_900], ['Redmi A', 'Redmi A', 159_900]] },
    ],
  },
  {
    category: { key: 'snacks', zh: '休闲零食', en: 'Snacks' },
    noun: ['', ''],
    variants: [['小包装', 'small pack', 0], ['家庭装', 'family pack', 3_000]],
    pitch: ['精选原料，独立小包装，办公室零食。', 'Selected ingredients, individually wrapped, an office favourite.'],
    lines: [
      { brand: squirrels, models: [['每日坚果', 'daily nuts', 8_990], ['夏威夷果', 'macadamia nuts', 3_990], ['碧根果', 'pecans', 3_590], ['芒果干', 'dried mango', 1_990]] },
      { brand: bestore, models: [['猪肉脯', 'pork jerky', 2_990], ['蛋黄酥', 'egg yolk pastry', 3_990], ['卤味鸭脖', 'braised duck neck', 2_490]] },
    ],
  },
  {
    category: { key: 'kitchen', zh: '厨房用品', en: 'Kitchenware' },
    noun: ['', ''],
    variants: [['标准款', 'standard', 0], ['升级款', 'upgraded', 5_000]],
    pitch: ['食品级材质，耐用易清洗。', 'Food-grade materials, durable and easy to clean.'],
    lines: [{ brand: supor, models: [['不粘炒锅', 'non-stick wok', 19_900], ['电热水壶', 'electric kettle', 12_900], ['保温杯', 'vacuum flask', 8_900], ['高压锅', 'pressure cooker', 29_900]] }],
  },
  {
    category: { key: 'drinks', zh: '酒水饮料', en: 'Drinks' },
    noun: ['', ''],
    variants: [['单瓶装', 'single', 0], ['两瓶装', 'pack of two', 0]],
    pitch: ['正品保障，原厂直发。', 'Genuine, shipped from the maker.'],
    lines: [
      { brand: moutai, models: [['飞天茅台 53度 500ml', 'Feitian 53% 500ml', 299_900], ['茅台王子酒', 'Moutai Prince', 29_900]] },
      { brand: luckin, models: [['生椰拿铁 咖啡液', 'coconut latte concentrate', 4_990], ['挂耳咖啡 10袋', 'drip coffee 10 bags', 3_990], ['冻干咖啡粉', 'freeze-dried coffee', 5_990]] },
    ],
  },
  {
    category: { key: 'skincare', zh: '护肤品', en: 'Skincare' },
    noun: ['', ''],
    variants: [['50ml', '50ml', 0], ['100ml', '100ml', 8_000]],
    pitch: ['温和保湿，适合各种肤质。', 'Gentle and moisturising for every skin type.'],
    lines: [{ brand: pechoin, models: [['水能量保湿乳液', 'Hydrating lotion', 12_900], ['爽肤水', 'Toner', 8_900], ['面霜', 'Face cream', 15_900], ['防晒霜 SPF50', 'Sunscreen SPF50', 9_900]] }],
  },
  {
    category: { key: 'books', zh: '图书', en: 'Books' },
    noun: ['', ''],
    variants: [['平装', 'paperback', 0], ['精装', 'hardcover', 3_000]],
    pitch: ['经典名著，权威版本。', 'A classic in an authoritative edition.'],
    lines: [{ brand: zhonghua, models: [['红楼梦', 'Dream of the Red Chamber', 5_900], ['史记', 'Records of the Grand Historian', 9_800], ['论语译注', 'The Analects, annotated', 3_800], ['唐诗三百首', 'Three Hundred Tang Poems', 2_800], ['三国演义', 'Romance of the Three Kingdoms', 4_900]] }],
  },
];

const join = (...parts: readonly string[]): string => parts.filter((part) => part !== '').join(' ');

/** Stock levels cycle so some products are scarce and a few sold out: search's in-stock filter has work to do. */
const stockFor = (n: number): number => [120, 60, 300, 8, 45, 0, 200, 15][n % 8] as number;

const products = (): DemoProduct[] => {
  const out: DemoProduct[] = [];
  for (const family of families) {
    for (const line of family.lines) {
      let n = 0;
      for (const [modelZh, modelEn, basePrice] of line.models) {
        for (const [variantZh, variantEn, extra] of family.variants) {
          n += 1;
          const key = `${family.category.key}-${line.brand.key}-${n}`;
          out.push({
            key,
            category: family.category.key,
            brand: line.brand.key,
            title: {
              zh: join(line.brand.zh, modelZh, family.noun[0], variantZh),
              en: join(line.brand.en, modelEn, family.noun[1], variantEn),
            },
            description: { zh: `${line.brand.zh}${modelZh}，${family.pitch[0]}`, en: `${line.brand.en} ${modelEn}. ${family.pitch[1]}` },
            sku: key.toUpperCase(),
            attributes: { model: modelEn, variant: variantEn },
            price: basePrice + extra,
            stock: stockFor(out.length),
          });
        }
      }
    }
  }
  return out;
};

export const demoCategories: readonly DemoCategory[] = families.map((family) => family.category);
export const demoBrands: readonly DemoBrand[] = [...new Map(families.flatMap((family) => family.lines.map((line) => [line.brand.key, line.brand] as const))).values()];
export const demoProducts: readonly DemoProduct[] = products();
