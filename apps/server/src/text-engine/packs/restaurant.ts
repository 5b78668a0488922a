import type { Taxonomy } from '../taxonomy.ts';
import { group, pack, topic } from './define.ts';
import { MINED_EN_TERMS } from './restaurant-en-terms.ts';

/**
 * The hand-written restaurant pack, before the English vocabulary mined from the SemEval train split
 * (scripts/mine-aspect-terms.ts reads this to leave out what it already matches).
 */
export const restaurantBase = pack([
  group('food', '菜品', 'Food'),
  topic(
    'taste',
    '味道',
    'Taste',
    '味道,口味,口感,好吃,难吃,美味,可口,入味,没味,味儿,风味,正宗,地道,下饭,鲜美,香味,很香,好香,不香,太咸,偏咸,太淡,偏淡,寡淡,太油,油腻,太辣,偏辣,不辣,太甜,偏甜,太酸,腥,调味,味精',
    'taste*,tasty,flavo*,delicious,yummy,bland,salty,spicy,seasoning,greasy,oily,"too sweet",sour',
    { parent: 'food', enExclude: 'tasteful' },
  ),
  topic(
    'temperature',
    '温度',
    'Food temperature',
    '温度,凉了,冷了,凉的,冷的,凉透,冰凉,冰冷,不热,不够热,热乎,热腾腾,温热,烫嘴,很烫,冷掉,放凉,已经凉,都凉',
    'cold,lukewarm,warm,temperature,reheat*,"room temperature",piping,"hot food","not hot"',
    {
      parent: 'food',
      zhExclude: '凉菜,凉皮,凉面,凉拌,凉茶,冷饮,冷面,冷盘,冷菜,冷气,冷淡,冷漠,冷冰冰',
      enExclude: 'cold drink*,"cold brew",warmly',
    },
  ),
  topic(
    'portion',
    '分量',
    'Portion size',
    '分量,份量,量少,量太少,量很少,量大,量足,量很足,量也足,吃不饱,不够吃,少得可怜,缩水,份小,份太小,一小份,大份,小份',
    'portion*,"serving size",tiny,generous,"not enough food","small serving*",skimpy',
    { parent: 'food' },
  ),
  topic(
    'freshness',
    '食材新鲜度',
    'Freshness',
    '新鲜,食材,原料,隔夜,冷冻,现做,现炒,预制菜,剩菜',
    'fresh*,ingredient*,frozen,stale,"pre-made",microwaved',
    { parent: 'food' },
  ),
  topic(
    'dishes',
    '菜品饮品',
    'Dishes and drinks',
    '饮品,饮料,酒水,奶茶,咖啡,啤酒,红酒,果汁,鸡尾酒,菜,菜品,肉,牛肉,羊肉,猪肉,鸡肉,排骨,鱼,虾,蟹,海鲜,小龙虾,鸡翅,鸡腿,烤鸭,烧鹅,叉烧,米饭,炒饭,拌饭,盖饭,面条,拉面,米线,米粉,粉丝,炒面,饺子,包子,馄饨,小笼包,生煎,烧麦,点心,早茶,汤,粥,火锅,锅底,烧烤,烤串,烤肉,烤鱼,豆腐,青菜,蔬菜,甜品,蛋糕,蛋挞,刺身,寿司,披萨,牛排,意面,沙拉,咖喱,泡菜,年糕,凉菜,招牌',
    'food,dish*,meal*,cuisine,cooking,cooked,chef*,kitchen,pasta,sushi,sashimi,steak*,pizza*,burger*,sandwich*,salad*,soup*,noodle*,rice,fish,seafood,shrimp,lobster*,crab,chicken,beef,pork,lamb,duck,tuna,salmon,dessert*,appetizer*,appetiser*,entree*,entrée*,starter*,dumpling*,roll*,bread,cheese,sauce*,fries,tapas,curry,wine*,beer*,cocktail*,drink*,martini*,sake,coffee,tea,"main course*",bbq,ribs,cheesecake,bagel*,bruschetta,oyster*,clam*,taco*,burrito*,pancake*,waffle*,omelet*,eggs,bacon,tofu,"dim sum",margarita*,mojito*,daiquir*,champagne,whiskey,vodka,espresso,latte*,cappuccino*,gelato,"ice cream",pie,pies,tart,tarts,cake*,cookie*,pastry,pastries,fruit',
    // Chinese dish words (issue 24, MODEL.md "Chinese goals"); 菜 as in 上菜/点菜/菜单 is service or the menu.
    { parent: 'food', zhExclude: '上菜,出菜,催菜,点菜,菜单,菜上,上齐' },
  ),
  topic(
    'menu-variety',
    '菜品种类',
    'Menu variety',
    '菜品种类,品种,种类,菜单,新品,菜式,花样,可选',
    'menu,variety,options,selection,choices',
    { parent: 'food' },
  ),
  group('service', '服务', 'Service'),
  topic(
    'service-attitude',
    '服务态度',
    'Service attitude',
    '服务态度,态度,服务员,店员,服务生,收银员,店长,经理,前台,热情,冷漠,冷淡,礼貌,不耐烦,爱答不理,爱理不理,微笑,服务好,服务差,服务很,服务周到,服务不错,服务一般,服务太差,服务真',
    'staff,waiter*,waitress*,server*,service,rude,friendly,polite,attitude,attentive,cashier*,manager*,unfriendly,welcoming',
    { parent: 'service', enExclude: '"slow service","service was slow"' },
  ),
  topic(
    'serving-speed',
    '上菜速度',
    'Serving speed',
    '上菜,出餐,出菜,催菜,菜上得,上得慢,上得快',
    '"slow service","service was slow","food took","took forever","took ages","to be served",served',
    { parent: 'service' },
  ),
  topic(
    'queue-wait',
    '排队等候',
    'Queue and waiting',
    '排队,等位,等座,等候,叫号,等太久,等半天,等很久,等了很久,等了半天,翻台,人太多,没位置',
    'queue*,wait,waited,waiting,waits,"long line","in line",reservation*,booking*',
    { parent: 'service' },
  ),
  group('delivery', '外卖配送', 'Delivery'),
  topic(
    'delivery-speed',
    '送餐速度',
    'Delivery speed',
    '送餐速度,配送速度,送餐,配送,送达,送到,送得,送来,送过来,外卖 慢,外卖 快,超时,准时,迟到,才到,到得,送货',
    'deliver*,arriv*,"on time",late,"took an hour",delayed',
    { parent: 'delivery' },
  ),
  topic(
    'delivery-rider',
    '骑手服务',
    'Delivery rider',
    '骑手,外卖小哥,外卖员,配送员,送餐员,快递员,小哥',
    'rider*,courier*,driver*,"delivery guy","delivery man"',
    { parent: 'delivery' },
  ),
  topic(
    'order-accuracy',
    '准确性',
    'Order accuracy',
    '送错,漏送,少送,错送,漏餐,漏掉,漏发,少了一,少给,没给,缺了,做错,上错,拿错,搞错,弄错,没放,忘放,忘记放,忘了放,不是我点的,备注',
    'wrong,missing,forgot*,"left out","mixed up","what i ordered",incorrect',
    { parent: 'delivery', enExclude: '"nothing wrong"' },
  ),
  topic(
    'packaging',
    '包装',
    'Packaging',
    '包装,打包,餐盒,饭盒,盒子,密封,洒了,撒了,洒出,漏汤,汤洒,汤漏,漏了一袋,袋子,塑料袋,餐具,筷子,勺子,压扁,包装盒',
    'packag*,box*,container*,lid*,spill*,leak*,bag*,cutlery,utensil*,napkin*',
    { parent: 'delivery' },
  ),
  topic(
    'price',
    '价格',
    'Price and value',
    '价格,价钱,价位,贵,便宜,实惠,划算,性价比,不值,值这个价,物美价廉,物超所值,收费,涨价,定价',
    'price*,pricey,expensive,cheap,overpriced,value,worth,cost*,afford*,$*,money,bucks,dollar*,bill,tab,steal,bargain,"prix fixe",prix-fixe,"all you can eat"',
    { zhExclude: '贵店,贵公司,宝贵,贵宾,贵州,珍贵,名贵' },
  ),
  topic(
    'promotions',
    '优惠活动',
    'Promotions',
    '优惠,活动,满减,优惠券,折扣,打折,团购,红包,代金券,买一送一,会员价',
    'discount*,coupon*,promo*,deal*,voucher*,"special offer"',
  ),
  topic(
    'hygiene',
    '卫生',
    'Hygiene',
    '卫生,干净,脏,头发,虫子,苍蝇,蟑螂,老鼠,异物,油污,消毒,洗手间,厕所,不洁',
    'clean*,dirty,filthy,hygien*,hair,cockroach*,bug*,flies,sanitary,unsanitary,toilet*,restroom*',
  ),
  topic(
    'food-safety',
    '食品安全',
    'Food safety',
    '食品安全,拉肚子,腹泻,食物中毒,中毒,呕吐,变质,过期,发霉,馊,肚子疼,胃疼,过敏,没熟,夹生,不熟',
    '"food poisoning",sick,vomit*,diarrh*,expired,spoiled,rotten,mold*,mould*,undercooked,raw,stomach*',
  ),
  topic(
    'environment',
    '环境',
    'Ambience',
    '环境,装修,氛围,嘈杂,吵,安静,座位,桌椅,空调,灯光,音乐,空间,拥挤,宽敞,舒适,景色,停车,包间,店面,店里,桌子,椅子,江景,风景,儿童区,宝宝椅,油烟,装潢,露天',
    'ambien*,atmosphere,decor,noisy,loud,quiet,seat*,music,parking,cozy,cosy,crowded,spacious,interior,cramped,cram,intimate,upscale,classy,surroundings,environment,relax*,"people watching",band,bands,lighting,view,views,garden,terrace,outdoor',
  ),
  topic(
    'ordering-payment',
    '点餐与支付',
    'Ordering and payment',
    '点餐,小程序,扫码,下单,支付,付款,结账,买单,发票,会员,积分,app',
    'app,ordering,"order online",payment,pay,checkout,bill,receipt,invoice,loyalty,points,"qr code"',
  ),
]);

/** Adds English include entries to some topics of a pack (a copy; the base is unchanged). */
function withEnglish(base: Taxonomy, extra: Record<string, readonly string[]>): Taxonomy {
  return pack(
    base.topics.map((t) => {
      const more = extra[t.id];
      if (!more?.length) return t;
      const en = t.rules.en ?? { include: [] };
      return { ...t, rules: { ...t.rules, en: { ...en, include: [...en.include, ...more] } } };
    }),
  );
}

/** Restaurant and takeaway (dine-in and delivery): the demo tenant's taxonomy. */
export const restaurant = withEnglish(restaurantBase, {
  dishes: MINED_EN_TERMS.food,
  'service-attitude': MINED_EN_TERMS.service,
  price: MINED_EN_TERMS.price,
  environment: MINED_EN_TERMS.ambience,
});
