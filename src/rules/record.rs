//! What rules leave behind: findings (problems a person must look at) and
//! check records (every relation or condition checked, whatever its
//! outcome, so "could not check" is never shown as "passed").

use super::{Rule, Severity};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

fn rule_code<S: Serializer>(rule: &&'static Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.code)
}

/// A rule read back by its code (a report passed between processes).
fn rule_by_code<'de, D: Deserializer<'de>>(d: D) -> Result<&'static Rule, D::Error> {
    let code = String::deserialize(d)?;
    super::find_rule(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown rule {code}")))
}

/// One problem found, pointing at the cell a person should look at first
/// (design.md §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    #[serde(serialize_with = "rule_code", deserialize_with = "rule_by_code")]
    pub rule: &'static Rule,
    pub severity: Severity,
    pub sheet: String,
    pub cell: String,
    /// Other cells the check used; on another sheet written `'Sheet'!A1`.
    pub related: Vec<String>,
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// The sentence a prose finding is about (Word documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// How one run of a rule ended (design.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    NotApplicable,
    InsufficientData,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::NotApplicable,
        Outcome::InsufficientData,
    ];

    /// 通过 / 不符 / 不适用 / 无法校验.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "通过",
            Outcome::Fail => "不符",
            Outcome::NotApplicable => "不适用",
            Outcome::InsufficientData => "无法校验",
        }
    }
}

/// One relation or condition checked, whatever its outcome, so a reviewer
/// sees what was verified and not only what failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRecord {
    #[serde(serialize_with = "rule_code")]
    pub rule: &'static Rule,
    /// What was checked, in words ("公开01 收入总计 = 本年收入合计 + …").
    pub subject: String,
    pub outcome: Outcome,
    /// True when a failure was only a rounding gap (尾数差异).
    pub rounding: bool,
    /// Where the check looked first (empty when it found nothing to look at).
    pub sheet: String,
    pub cell: String,
    /// Why it could not run, what failed, or what passed under which reading.
    pub detail: String,
    /// The two sides and their difference, for relations that have them.
    pub figures: Option<Figures>,
}

/// Left side, right side and difference of a relation, as plain decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub printed: String,
    pub computed: String,
    pub difference: String,
    /// The largest gap accepted as 尾数差异 for this relation.
    pub tolerance: String,
}
