//! Scoring schemes: the national rules of 财预〔2020〕10号 by default; local
//! variants (益阳, 天津, 岳阳) differ in weights, in whether the fund score
//! counts in 总分, and in bands.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A rating band: a score ≥ `min` (lower bound inclusive) earns `name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingBand {
    pub name: String,
    /// Other spellings accepted on forms (优 ↔ 优秀).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub min: Decimal,
}

/// One weighted 一级指标.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weight {
    pub name: String,
    pub points: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scheme {
    pub name: String,
    pub title: String,
    /// 一级指标 weights (产出 50, 效益 30, 满意度 10).
    pub weights: Vec<Weight>,
    /// Points of the 预算执行率 block.
    pub fund_points: Decimal,
    /// Whether the fund score is part of 总分.
    pub fund_in_total: bool,
    /// Rating bands, best first.
    pub ratings: Vec<RatingBand>,
    /// Completion ratio at or above which an indicator is flagged as
    /// over-achieved (target possibly set too low).
    pub over_achievement_ratio: Decimal,
    /// Largest rounding band accepted for money identities (万元).
    pub rounding_cap: Decimal,
}

impl Default for Scheme {
    fn default() -> Self {
        Scheme::national()
    }
}

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

impl Scheme {
    /// 财预〔2020〕10号: 产出50/效益30/满意度10/预算执行率10, 总分 includes
    /// the fund score; 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
    pub fn national() -> Self {
        Scheme {
            name: "national".into(),
            title: "全国（财预〔2020〕10号）".into(),
            weights: vec![
                Weight {
                    name: "产出指标".into(),
                    points: d(50),
                },
                Weight {
                    name: "效益指标".into(),
                    points: d(30),
                },
                Weight {
                    name: "满意度指标".into(),
                    points: d(10),
                },
            ],
            fund_points: d(10),
            fund_in_total: true,
            ratings: vec![
                RatingBand {
                    name: "优".into(),
                    aliases: vec!["优秀".into()],
                    min: d(90),
                },
                RatingBand {
                    name: "良".into(),
                    aliases: vec!["良好".into()],
                    min: d(80),
                },
                RatingBand {
                    name: "中".into(),
                    aliases: vec!["中等".into(), "合格".into()],
                    min: d(60),
                },
                RatingBand {
                    name: "差".into(),
                    aliases: vec!["较差".into(), "不合格".into()],
                    min: d(0),
                },
            ],
            over_achievement_ratio: Decimal::new(15, 1),
            rounding_cap: Decimal::new(5, 2),
        }
    }

    /// The band a score falls in.
    pub fn rating_for(&self, score: Decimal) -> Option<&RatingBand> {
        self.ratings.iter().find(|b| score >= b.min)
    }

    /// The band a declared rating text names (优, 优秀, “优”…).
    pub fn band_named(&self, text: &str) -> Option<&RatingBand> {
        let t: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !"\"“”'‘’「」【】".contains(*c))
            .collect();
        self.ratings
            .iter()
            .find(|b| b.name == t || b.aliases.contains(&t))
            .or_else(|| {
                self.ratings
                    .iter()
                    .find(|b| t.starts_with(&b.name) && t.chars().count() <= 3)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_bands_are_lower_inclusive() {
        let s = Scheme::national();
        assert_eq!(s.rating_for(d(90)).unwrap().name, "优");
        assert_eq!(s.rating_for(Decimal::new(8999, 2)).unwrap().name, "良");
        assert_eq!(s.rating_for(d(80)).unwrap().name, "良");
        assert_eq!(s.rating_for(d(60)).unwrap().name, "中");
        assert_eq!(s.rating_for(Decimal::new(5999, 2)).unwrap().name, "差");
    }

    #[test]
    fn rating_names_and_aliases() {
        let s = Scheme::national();
        assert_eq!(s.band_named("优秀").unwrap().name, "优");
        assert_eq!(s.band_named("“良好”").unwrap().name, "良");
        assert_eq!(s.band_named("中").unwrap().name, "中");
        assert!(s.band_named("很好").is_none());
    }
}
