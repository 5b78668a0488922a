import { pack, topic } from './define.ts';

/** Retail banking. */
export const bank = pack([
  topic(
    'counter-service',
    '柜台服务',
    'Branch counter',
    '柜台,柜员,网点,营业厅,大堂经理,办理业务,窗口',
    'teller*,counter,branch,cashier*',
  ),
  topic(
    'waiting-time',
    '排队等候',
    'Waiting time',
    '排队,等候,叫号,等了,等太久,等半天,人太多,效率',
    'queue*,wait,waited,waiting,"long line",slow',
  ),
  topic(
    'staff-attitude',
    '服务态度',
    'Staff attitude',
    '服务态度,态度,热情,耐心,不耐烦,礼貌,冷漠,专业,推诿',
    'staff,rude,friendly,polite,helpful,unhelpful,professional,attitude,patient',
  ),
  topic(
    'mobile-app',
    '手机银行',
    'Mobile and online banking',
    '手机银行,app,网银,网上银行,小程序,登录,闪退,转账,验证码',
    'app,"mobile banking","online banking",login,"log in",transfer*,crash*,otp',
  ),
  topic('fees', '手续费', 'Fees', '手续费,年费,管理费,收费,扣费,乱收费,费用', 'fee*,charge*,commission,overcharg*'),
  topic(
    'cards',
    '银行卡',
    'Cards',
    '银行卡,借记卡,储蓄卡,开卡,办卡,挂失,销户,冻结',
    'card*,debit,"lost card",frozen,freeze,block*',
    { enExclude: 'credit card*' },
  ),
  topic(
    'credit-card',
    '信用卡',
    'Credit card',
    '信用卡,额度,提额,还款,分期,账单,逾期',
    '"credit card*","credit limit",repay*,instal*,statement*',
  ),
  topic(
    'loans',
    '贷款',
    'Loans and mortgages',
    '贷款,房贷,车贷,利率,审批,放款,抵押',
    'loan*,mortgage*,"interest rate",approv*',
  ),
  topic(
    'wealth',
    '理财',
    'Wealth and savings',
    '理财,基金,存款,定期,收益,利息,保险',
    'invest*,fund*,savings,deposit*,interest,return*,insurance',
  ),
  topic('atm', 'ATM', 'ATM', 'atm,取款机,自助机,存取款,吞卡', 'atm*,"cash machine",withdraw*'),
  topic(
    'security',
    '账户安全',
    'Security and fraud',
    '安全,诈骗,盗刷,风控,被骗,密码,隐私',
    'security,fraud*,scam*,phishing,password*,privacy,unauthori*',
  ),
  topic(
    'hotline',
    '客服热线',
    'Phone support',
    '客服,热线,电话,人工,95',
    '"customer service",hotline,phone,call*,agent*,support',
  ),
]);
