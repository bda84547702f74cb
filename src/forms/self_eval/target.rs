//! Reading 年度指标值 and 实际完成值 of quantitative indicators:
//! "≥95%", "95%以上", "不低于300个", "≤2837.8294万元", "1套".

use crate::forms::labels::norm;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The comparison a target sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// At least (≥, 以上, 不低于); also the default for a bare number.
    AtLeast,
    /// At most (≤, 以下, 不高于, 以内): smaller is better.
    AtMost,
    /// Exactly (=).
    Exactly,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::AtLeast => "≥",
            Op::AtMost => "≤",
            Op::Exactly => "=",
        }
    }
}

/// A number with its unit ("%", "个", "元" …). Percentages are fractions;
/// 万/亿 are multiplied out so "3万人" equals "30000人".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: String,
}

/// A parsed 年度指标值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub op: Op,
    /// The operator was written (not inferred from the indicator's name).
    pub explicit: bool,
    pub quantity: Quantity,
}

const PREFIX_OPS: &[(&str, Op)] = &[
    (">=", Op::AtLeast),
    ("≥", Op::AtLeast),
    ("≧", Op::AtLeast),
    (">", Op::AtLeast),
    ("大于等于", Op::AtLeast),
    ("不低于", Op::AtLeast),
    ("不少于", Op::AtLeast),
    ("大于", Op::AtLeast),
    ("高于", Op::AtLeast),
    ("达到", Op::AtLeast),
    ("<=", Op::AtMost),
    ("≤", Op::AtMost),
    ("≦", Op::AtMost),
    ("<", Op::AtMost),
    ("小于等于", Op::AtMost),
    ("不高于", Op::AtMost),
    ("不超过", Op::AtMost),
    ("不大于", Op::AtMost),
    ("控制在", Op::AtMost),
    ("小于", Op::AtMost),
    ("低于", Op::AtMost),
    ("=", Op::Exactly),
    ("﹦", Op::Exactly),
    ("等于", Op::Exactly),
];

const SUFFIX_OPS: &[(&str, Op)] = &[
    ("及以上", Op::AtLeast),
    ("以上", Op::AtLeast),
    ("及以下", Op::AtMost),
    ("以下", Op::AtMost),
    ("以内", Op::AtMost),
];

/// Names of indicators where smaller is better, used when no operator is
/// written ("安全事故率 0").
const SMALLER_IS_BETTER: &[&str] = &[
    "事故",
    "故障率",
    "投诉",
    "差错",
    "误差",
    "超支",
    "违规",
    "违纪",
    "发生率",
];

/// Parse a target; None for qualitative text.
pub fn parse_target(text: &str, indicator_name: &str) -> Option<Target> {
    let mut t = norm(text);
    let mut op = None;
    for (p, o) in PREFIX_OPS {
        if let Some(rest) = t.strip_prefix(p) {
            op = Some(*o);
            t = rest.to_string();
            break;
        }
    }
    if op.is_none() {
        for (s, o) in SUFFIX_OPS {
            if let Some(rest) = t.strip_suffix(s) {
                op = Some(*o);
                t = rest.to_string();
                break;
            }
        }
    }
    let quantity = parse_quantity(&t)?;
    let explicit = op.is_some();
    let op = op.unwrap_or_else(|| {
        let name = norm(indicator_name);
        if SMALLER_IS_BETTER.iter().any(|k| name.contains(k)) {
            Op::AtMost
        } else {
            Op::AtLeast
        }
    });
    Some(Target {
        op,
        explicit,
        quantity,
    })
}

/// Parse "98%", "170个", "2635.204432万元", "1.2亿"; None for text.
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    let t = norm(text);
    let t = t.trim_start_matches(['约', '共']);
    let end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(t.len(), |(i, _)| i);
    let (num, unit) = t.split_at(end);
    if num.is_empty() || unit.chars().count() > 4 || unit.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut value = Decimal::from_str(&num.replace(',', "")).ok()?;
    let mut unit = unit.to_string();
    if let Some(rest) = unit.clone().strip_prefix('%') {
        if !rest.is_empty() {
            return None;
        }
        value /= Decimal::ONE_HUNDRED;
        unit = "%".to_string();
    } else if let Some(rest) = unit.strip_prefix('万') {
        // checked: a long digit string times 万/亿 overflows Decimal (fuzz).
        value = value.checked_mul(Decimal::from(10_000))?;
        unit = rest.to_string();
    } else if let Some(rest) = unit.strip_prefix('亿') {
        value = value.checked_mul(Decimal::from(100_000_000))?;
        unit = rest.to_string();
    }
    Some(Quantity { value, unit })
}

/// How far the actual value meets the target: 1 = exactly met; above 1 =
/// exceeded. None when the units differ or the ratio is undefined.
pub fn completion(target: &Target, actual: &Quantity) -> Option<Decimal> {
    ratio(target, actual).filter(|r| r.abs() <= MAX_RATIO)
}

/// A completion ratio beyond 10^9 means a mistyped target, not a result;
/// refusing it also keeps the scores computed from it (ratio × 分值,
/// ratio × 100 %) far inside Decimal's range (found by fuzzing).
const MAX_RATIO: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

fn ratio(target: &Target, actual: &Quantity) -> Option<Decimal> {
    if target.quantity.unit != actual.unit {
        return None;
    }
    let (t, a) = (target.quantity.value, actual.value);
    match target.op {
        Op::AtLeast | Op::Exactly => {
            if t.is_zero() {
                Some(Decimal::ONE)
            } else {
                a.checked_div(t) // None when the ratio overflows
            }
        }
        Op::AtMost => {
            if a.is_zero() {
                Some(Decimal::ONE)
            } else {
                t.checked_div(a)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn operators_prefix_and_suffix() {
        let t = parse_target("≥95%", "").unwrap();
        assert_eq!(
            (t.op, t.explicit, t.quantity.value),
            (Op::AtLeast, true, d("0.95"))
        );
        let t = parse_target("95%以上", "").unwrap();
        assert_eq!((t.op, t.quantity.value), (Op::AtLeast, d("0.95")));
        let t = parse_target("≤2837.8294万元", "").unwrap();
        assert_eq!((t.op, t.quantity.unit.as_str()), (Op::AtMost, "元"));
        assert_eq!(parse_target("＞90%", "").unwrap().op, Op::AtLeast);
        assert_eq!(parse_target("不高于5%", "").unwrap().op, Op::AtMost);
        assert_eq!(parse_target("＝1个", "").unwrap().op, Op::Exactly);
        assert_eq!(parse_target("10%以下", "").unwrap().op, Op::AtMost);
    }

    #[test]
    fn implied_direction_from_name() {
        assert_eq!(parse_target("0", "安全事故率：").unwrap().op, Op::AtMost);
        assert_eq!(parse_target("300个", "治安卡口").unwrap().op, Op::AtLeast);
    }

    #[test]
    fn quantities_and_units() {
        assert_eq!(
            parse_quantity("170个"),
            Some(Quantity {
                value: d("170"),
                unit: "个".into()
            })
        );
        assert_eq!(parse_quantity("3万人").unwrap().value, d("30000"));
        assert_eq!(parse_quantity("1.2亿").unwrap().value, d("120000000"));
        assert_eq!(parse_quantity("１，２００台").unwrap().value, d("1200"));
        for text in [
            "达到要求",
            "未开展",
            "1个市级综治中心，8个区（县）级视频监控中心",
            "2017.06-2019.06",
            "有待加强应用",
        ] {
            assert_eq!(parse_quantity(text), None, "{text}");
        }
    }

    #[test]
    fn completion_ratios() {
        let t = parse_target("300个", "治安卡口").unwrap();
        assert_eq!(
            completion(&t, &parse_quantity("170个").unwrap()),
            Some(d("170") / d("300"))
        );
        let t = parse_target("≤2837.8294万元", "").unwrap();
        let r = completion(&t, &parse_quantity("2635.204432万元").unwrap()).unwrap();
        assert!(r > Decimal::ONE);
        let t = parse_target("0", "安全事故率").unwrap();
        assert_eq!(
            completion(&t, &parse_quantity("0").unwrap()),
            Some(Decimal::ONE)
        );
        let t = parse_target("≥100百分比", "").unwrap();
        assert_eq!(
            completion(&t, &parse_quantity("100").unwrap()),
            None,
            "units differ"
        );
        let t = parse_target("100%", "").unwrap();
        assert_eq!(
            completion(&t, &parse_quantity("100").unwrap()),
            None,
            "percent vs bare number"
        );
        assert_eq!(
            completion(&t, &parse_quantity("99%").unwrap()),
            Some(d("0.99"))
        );
    }
}
