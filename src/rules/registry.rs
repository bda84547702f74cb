//! Every rule shenbiao knows, generated from the family tables (the
//! `rules!` list in each family's `mod.rs`), for `shenbiao rules`, the web
//! page and the reports.

use super::{cells, final_accounts, framework, narrative, self_eval, Rule};

/// All rules, in listing order (family by family).
pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    cells::RULES
        .iter()
        .chain(self_eval::RULES)
        .chain(final_accounts::RULES)
        .chain(framework::RULES)
        .chain(narrative::RULES)
        .copied()
}

/// Look a rule up by code, case-insensitively ("zp-03" finds ZP-03).
pub fn find_rule(code: &str) -> Option<&'static Rule> {
    all_rules().find(|r| r.code.eq_ignore_ascii_case(code.trim()))
}

/// `shenbiao rules`: one line per rule, grouped by family.
pub fn listing() -> String {
    let mut out = String::new();
    let mut family = None;
    for r in all_rules() {
        if family != Some(r.family) {
            out.push_str(&format!("\n【{}】\n", r.family.label()));
            family = Some(r.family);
        }
        out.push_str(&format!(
            "  {:<10} {:<4} {}\n",
            r.code,
            r.severity.label(),
            r.title
        ));
    }
    out.push_str("\n运行 `shenbiao rules 编号` 查看某条规则的说明与示例。\n");
    out
}

/// `shenbiao rules CODE`: the rule's full documentation.
pub fn explain(r: &Rule) -> String {
    format!(
        "{code}  {title}\n类别：{family}\n默认级别：{sev}\n\n检查什么：\n  {what}\n\n为什么：\n  {why}\n\n示例：\n  {example}\n",
        code = r.code,
        title = r.title,
        family = r.family.label(),
        sev = r.severity.label(),
        what = r.what,
        why = r.why,
        example = r.example
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_documented_and_named_after_their_constant() {
        let mut seen = HashSet::new();
        for r in all_rules() {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(
                !r.title.is_empty()
                    && !r.what.is_empty()
                    && !r.why.is_empty()
                    && !r.example.is_empty(),
                "{} lacks docs",
                r.code
            );
        }
    }

    #[test]
    fn every_rule_runs_on_its_family() {
        use super::super::{Check, Family};
        for r in all_rules() {
            let fits = matches!(
                (r.family, r.check),
                (Family::Workbook, Check::Cells(_))
                    | (Family::SelfEvaluation, Check::SelfEvaluation(_))
                    | (Family::EvaluationFramework, Check::Framework(_))
                    | (Family::FinalAccounts, Check::FinalAccounts(_))
                    | (Family::Narrative, Check::Narrative(_))
            );
            assert!(
                fits,
                "{} is listed in a family whose check it lacks",
                r.code
            );
        }
    }
}
