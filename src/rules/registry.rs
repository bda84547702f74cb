//! Every rule shenbiao knows, for `shenbiao rules` and the reports.

use super::{Family, RuleDoc, Severity};

/// Rules about cells themselves, shared by every form.
pub static WORKBOOK_RULES: &[&RuleDoc] = &[&SB01, &SB02];

pub static SB01: RuleDoc = RuleDoc {
        code: "SB-01",
        family: Family::Workbook,
        severity: Severity::Warning,
        title: "公式未计算",
        what: "需要参与校验的单元格是公式，但文件没有保存公式的计算结果。",
        why: "一些程序（网页导出、脚本生成）写出公式却不计算。此时无法知道表上显示的数，依赖它的校验记为“无法校验”，而不是算术错误。",
        example: "D8 为 =SUM(D9:D11) 但没有结果值 → 提示“公式未计算，请在 Excel 中打开并保存后再检查”。",
};

pub static SB02: RuleDoc = RuleDoc {
    code: "SB-02",
    family: Family::Workbook,
    severity: Severity::Error,
    title: "单元格为错误值或非数字",
    what: "应填数字的单元格为 #REF!、#DIV/0!、#VALUE! 等错误值，或填了无法识别为数字的文字。",
    why: "错误值通常来自被删除的引用或除以零，表上显示的数不可信；依赖它的校验无法进行。",
    example: "执行率单元格显示 #DIV/0!（全年预算数为空）→ 错误：执行率为错误值 #DIV/0!。",
};

/// All rules, in listing order.
pub fn all_rules() -> Vec<&'static RuleDoc> {
    WORKBOOK_RULES
        .iter()
        .copied()
        .chain(crate::rules::self_eval::RULES.iter().copied())
        .chain(crate::rules::final_accounts::RULES.iter())
        .chain(crate::rules::framework::RULES.iter().copied())
        .collect()
}

/// Look a rule up by code, case-insensitively ("zp-03" finds ZP-03).
pub fn find_rule(code: &str) -> Option<&'static RuleDoc> {
    all_rules()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
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
pub fn explain(r: &RuleDoc) -> String {
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
    fn codes_are_unique_and_documented() {
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
}
