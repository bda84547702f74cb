//! JS-C-01: subject codes are well formed and nest under their parents.

use crate::forms::final_accounts::Publication;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use crate::workbook::CellRef;

pub const JS_C_01: Rule = Rule {
    code: "JS-C-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "科目编码格式与层级",
    what: "功能分类科目编码为 3、5 或 7 位数字，类级在 201–299 之间；经济分类科目编码为 3 或 5 位数字，类级在 301–399 之间；下级编码必须以其上级编码开头。",
    why: "编码错位会让逐级合计对不上，也说明科目可能挂错。",
    example: "20805 行列在 207 类之下 → 错误：编码不以 207 开头。",
    check: Check::FinalAccounts(check),
};

/// A code's problem, if any: `class` is the allowed 类 range, `lens` the
/// allowed lengths.
fn code_problem(code: &str, lens: &[usize], class: (u32, u32), kind: &str) -> Option<String> {
    let ok_len = lens.contains(&code.len());
    let ok_class = code
        .get(..3)
        .and_then(|c| c.parse::<u32>().ok())
        .is_some_and(|c| c >= class.0 && c <= class.1);
    (!ok_len || !ok_class).then(|| {
        let lens: Vec<String> = lens.iter().map(|l| l.to_string()).collect();
        format!(
            "科目编码 {code} 不是有效的{kind}科目编码（应为 {} 位数字，类级在 {}–{} 之间）",
            lens.join("、"),
            class.0,
            class.1
        )
    })
}

/// Codes in printed order: a 5- or 7-digit code must start with the nearest
/// shorter code above it. Returns (index, expected parent).
fn nesting(codes: &[(&str, &CellRef)]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut last3: Option<&str> = None;
    let mut last5: Option<&str> = None;
    for (i, (code, _)) in codes.iter().enumerate() {
        match code.len() {
            3 => {
                last3 = Some(code);
                last5 = None;
            }
            5 => {
                if let Some(p) = last3.filter(|p| !code.starts_with(p)) {
                    out.push((i, p.to_string()));
                }
                last5 = Some(code);
            }
            7 => {
                if let Some(p) = last5.or(last3).filter(|p| !code.starts_with(p)) {
                    out.push((i, p.to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

fn check(p: &Publication, cx: &mut Cx) {
    for t in p.tables() {
        let panels = t.body.codes();
        if panels.is_empty() {
            continue;
        }
        let code = t.meta.kind.code();
        let economic = t.meta.kind == crate::forms::final_accounts::model::TableKind::T06;
        let (lens, class, kind): (&[usize], _, _) = if economic {
            (&[3, 5], (301, 399), "经济分类")
        } else {
            (&[3, 5, 7], (201, 299), "功能分类")
        };
        let mut bad = 0;
        for group in &panels {
            for (c, at) in group {
                if let Some(msg) = code_problem(c, lens, class, kind) {
                    bad += 1;
                    cx.flag(
                        format!("{code} 科目编码 {c} 格式"),
                        Flag::new(&JS_C_01, at, msg),
                    );
                }
            }
            for (i, parent) in nesting(group) {
                let (c, at) = group[i];
                bad += 1;
                cx.flag(
                    format!("{code} 科目编码 {c} 层级"),
                    Flag::new(
                        &JS_C_01,
                        at,
                        format!("科目编码 {c} 列在 {parent} 之下，但不以 {parent} 开头，请核对科目或排列顺序"),
                    ),
                );
            }
        }
        if bad > 0 {
            continue;
        }
        let n: usize = panels.iter().map(Vec::len).sum();
        let subject = format!("{code} 科目编码格式与层级");
        if n == 0 {
            cx.not_applicable(&JS_C_01, subject, "表中没有科目行");
        } else {
            cx.pass_noted(
                &JS_C_01,
                subject,
                Some(&t.meta.title_at),
                format!("{n} 个编码均有效"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::Error;

    #[test]
    fn well_formed_codes_pass_on_every_coded_table() {
        let r = run_final_accounts(&super::JS_C_01, &seed_with_gov_fund_rows());
        r.assert_passed("JS-C-01");
        assert!(
            r.checks
                .iter()
                .any(|c| c.subject.starts_with("公开08") && c.outcome == crate::rules::Outcome::Pass),
            "公开08 codes were checked: {:?}",
            r.checks
        );
        let r = run_final_accounts(&super::JS_C_01, &seed_with_state_capital_rows());
        assert!(r
            .checks
            .iter()
            .any(|c| c.subject.starts_with("公开09") && c.outcome == crate::rules::Outcome::Pass));
    }

    #[test]
    fn a_code_outside_its_parent_is_an_error() {
        let r = run_final_accounts(&super::JS_C_01, &seed_with(&[(T02, "A18", "20510")]));
        r.assert_flag("JS-C-01", Error, "A18");
    }

    #[test]
    fn a_malformed_code_is_an_error() {
        let r = run_final_accounts(&super::JS_C_01, &seed_with(&[(T02, "A18", "2011")]));
        r.assert_flag("JS-C-01", Error, "A18");
    }
}
