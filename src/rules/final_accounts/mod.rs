//! Rules for 部门决算公开表 (rules.md §4).

use crate::rules::RuleDoc;

pub static RULES: &[RuleDoc] = &[];
