//! Publication-level rules: the set is complete (JS-GK-01), empty tables say
//! why (JS-GK-03), codes are well formed (JS-C-01) and the header lines agree
//! across tables (JS-C-03).

use crate::forms::final_accounts::model::{Located, Table, TableKind, TableSet};
use crate::forms::labels::norm;
use crate::rules::{Audit, Family, Flag, Outcome, RuleDoc, Severity};
use crate::workbook::CellRef;

pub const JS_GK_01: RuleDoc = RuleDoc {
    code: "JS-GK-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "决算公开表应九张齐全",
    what: "识别到至少 5 张决算公开表时，视为整套公开表，检查公开01–09 是否都在（按表名识别，不按编号）；缺少的每张表报告一次。2019 年以前格式的收支总表没有国有资本经营预算表，不要求公开09。",
    why: "“完整性”是财政部预决算公开检查的核心内容；没有数据的表也要以空表形式公开并说明。",
    example: "只找到公开01–08 → 错误：未找到公开09表 国有资本经营预算财政拨款支出决算表。",
};

pub const JS_GK_03: RuleDoc = RuleDoc {
    code: "JS-GK-03",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "空表应注明原因",
    what: "表中没有任何非零金额时，应注明“本单位无…，此表为空表”“此表无数据”等说明。",
    why: "《地方预决算公开操作规程》要求空表也要公开并说明原因，避免读者误以为漏报。",
    example:
        "公开08 全为 0，表下注“本单位无政府性基金预算，此表无数据” → 通过；无任何说明 → 警告。",
};

pub const JS_C_01: RuleDoc = RuleDoc {
    code: "JS-C-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "科目编码格式与层级",
    what: "功能分类科目编码为 3、5 或 7 位数字，类级在 201–299 之间；经济分类科目编码为 3 或 5 位数字，类级在 301–399 之间；下级编码必须以其上级编码开头。",
    why: "编码错位会让逐级合计对不上，也说明科目可能挂错。",
    example: "20805 行列在 207 类之下 → 错误：编码不以 207 开头。",
};

pub const JS_C_03: RuleDoc = RuleDoc {
    code: "JS-C-03",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "各表部门名称、年度、金额单位一致",
    what: "同一套决算公开表中，各表表头的部门（单位）名称、年度和金额单位应一致。",
    why: "表头不一致往往意味着混入了其他单位或其他年度的表，或者某张表的金额单位换算错了。",
    example: "公开01 为“金额单位：万元”，公开07 为“金额单位：元” → 警告。",
};

/// JS-GK-01 on one set.
pub fn complete(set: &TableSet<'_>, audit: &mut Audit) {
    let Some(first) = set.present().min_by_key(|t| t.meta.form) else {
        return;
    };
    audit.form = first.meta.form;
    let present: Vec<TableKind> = set.present().map(|t| t.meta.kind).collect();
    let found: Vec<&str> = present.iter().map(|k| k.code()).collect();
    if present.len() < 5 {
        audit.not_applicable(
            &JS_GK_01,
            "决算公开表九张齐全",
            format!(
                "只识别到 {} 张决算公开表（{}），不按整套公开表检查完整性",
                present.len(),
                found.join("、")
            ),
        );
        return;
    }
    let pre_2019 = set
        .get(TableKind::T01)
        .and_then(|t| t.overview())
        .is_some_and(|o| o.pre_2019());
    let mut missing = 0;
    for kind in TableKind::ALL {
        if present.contains(&kind) {
            continue;
        }
        let subject = format!("决算公开表齐全：{}表 {}", kind.code(), kind.title());
        if kind == TableKind::T09 && pre_2019 {
            audit.not_applicable(
                &JS_GK_01,
                subject,
                "2019 年以前格式的公开表没有国有资本经营预算财政拨款支出决算表",
            );
            continue;
        }
        missing += 1;
        audit.flag(
            subject,
            Flag {
                rule: &JS_GK_01,
                severity: JS_GK_01.severity,
                at: &first.meta.title_at,
                related: vec![],
                message: format!(
                    "决算公开表不完整：未找到{}表 {}（已识别 {} 张：{}）。没有数据的表也应公开，并注明“本单位无…，此表为空表”",
                    kind.code(),
                    kind.title(),
                    present.len(),
                    found.join("、")
                ),
                expected: None,
                actual: None,
            },
        );
    }
    if missing == 0 {
        audit.pass(
            &JS_GK_01,
            format!(
                "决算公开表齐全（已识别 {} 张：{}）",
                present.len(),
                found.join("、")
            ),
            Some(&first.meta.title_at),
        );
    }
}

/// JS-GK-03 on one table.
pub fn empty_statement(t: &Table, audit: &mut Audit) {
    let code = t.meta.kind.code();
    let subject = format!("{code} 空表应注明原因");
    let has_data = t
        .amounts()
        .iter()
        .any(|a| a.value().is_some_and(|v| !v.is_zero()) || a.unusable_reason().is_some());
    if has_data {
        audit.record(
            &JS_GK_03,
            subject,
            Outcome::NotApplicable,
            Some(&t.meta.title_at),
            "表内有数据",
        );
        return;
    }
    match &t.meta.statement {
        Some(st) => audit.record(
            &JS_GK_03,
            subject,
            Outcome::Pass,
            Some(&st.at),
            format!("已注明：{}", st.value),
        ),
        None => audit.flag(
            subject,
            Flag {
                rule: &JS_GK_03,
                severity: JS_GK_03.severity,
                at: &t.meta.title_at,
                related: vec![],
                message: format!(
                    "{code} {} 没有任何数据，但表中未说明原因。空表应注明“本单位无…收支，此表为空表”等说明",
                    t.meta.title
                ),
                expected: None,
                actual: None,
            },
        ),
    }
}

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

/// Check codes in printed order: a 5- or 7-digit code must start with the
/// nearest shorter code above it.
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

/// Codes in printed order with their cells.
type Codes<'a> = Vec<(&'a str, &'a CellRef)>;

/// JS-C-01 on one table with codes.
pub fn codes(t: &Table, audit: &mut Audit) {
    let code = t.meta.kind.code();
    let (groups, lens, class, kind): (Vec<Codes<'_>>, &[usize], _, _) = if let Some(c) = t.coded() {
        (
            vec![c
                .rows
                .iter()
                .map(|r| (r.code.as_str(), &r.code_at))
                .collect()],
            &[3, 5, 7],
            (201, 299),
            "功能分类",
        )
    } else if let Some(b) = t.basic() {
        let panels = b.rows.iter().map(|r| r.panel).max().map_or(0, |m| m + 1);
        (
            (0..panels)
                .map(|p| {
                    b.rows
                        .iter()
                        .filter(|r| r.panel == p)
                        .map(|r| (r.code.as_str(), &r.code_at))
                        .collect()
                })
                .collect(),
            &[3, 5],
            (301, 399),
            "经济分类",
        )
    } else {
        return;
    };
    let mut bad = 0;
    for group in &groups {
        for (c, at) in group {
            if let Some(msg) = code_problem(c, lens, class, kind) {
                bad += 1;
                audit.flag(
                    format!("{code} 科目编码 {c} 格式"),
                    Flag {
                        rule: &JS_C_01,
                        severity: JS_C_01.severity,
                        at,
                        related: vec![],
                        message: msg,
                        expected: None,
                        actual: None,
                    },
                );
            }
        }
        for (i, parent) in nesting(group) {
            let (c, at) = group[i];
            bad += 1;
            audit.flag(
                format!("{code} 科目编码 {c} 层级"),
                Flag {
                    rule: &JS_C_01,
                    severity: JS_C_01.severity,
                    at,
                    related: vec![],
                    message: format!("科目编码 {c} 列在 {parent} 之下，但不以 {parent} 开头，请核对科目或排列顺序"),
                    expected: None,
                    actual: None,
                },
            );
        }
    }
    if bad == 0 {
        let n: usize = groups.iter().map(Vec::len).sum();
        audit.record(
            &JS_C_01,
            format!("{code} 科目编码格式与层级"),
            if n == 0 {
                Outcome::NotApplicable
            } else {
                Outcome::Pass
            },
            Some(&t.meta.title_at),
            if n == 0 {
                "表中没有科目行".to_string()
            } else {
                format!("{n} 个编码均有效")
            },
        );
    }
}

/// JS-C-03 on one set: 部门, 年度 and 金额单位 agree across tables.
pub fn consistent(set: &TableSet<'_>, audit: &mut Audit) {
    let Some(first) = set.present().min_by_key(|t| t.meta.form) else {
        return;
    };
    type Pick = fn(&Table) -> Option<Located<String>>;
    let fields: [(&str, Pick); 3] = [
        ("部门名称", |t| {
            t.meta.header.dept.as_ref().map(|l| Located {
                value: norm(&l.value),
                at: l.at.clone(),
            })
        }),
        ("年度", |t| {
            t.meta.header.year.as_ref().map(|l| Located {
                value: l.value.to_string(),
                at: l.at.clone(),
            })
        }),
        ("金额单位", |t| {
            t.meta.header.unit.as_ref().map(|l| Located {
                value: l.value.label().to_string(),
                at: l.at.clone(),
            })
        }),
    ];
    for (field, pick) in fields {
        let values: Vec<(&Table, Located<String>)> = set
            .present()
            .filter_map(|t| pick(t).map(|v| (t, v)))
            .collect();
        let subject = format!("各表{field}一致");
        audit.form = first.meta.form;
        if values.is_empty() {
            audit.not_applicable(&JS_C_03, subject, format!("各表均未注明{field}"));
            continue;
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (_, v) in &values {
            match counts.iter_mut().find(|(x, _)| *x == v.value) {
                Some(c) => c.1 += 1,
                None => counts.push((&v.value, 1)),
            }
        }
        let majority = counts
            .iter()
            .fold(counts[0], |best, c| if c.1 > best.1 { *c } else { best })
            .0
            .to_string();
        let odd: Vec<&(&Table, Located<String>)> =
            values.iter().filter(|(_, v)| v.value != majority).collect();
        if odd.is_empty() {
            audit.record(
                &JS_C_03,
                format!("{subject}（{} 张表：{majority}）", values.len()),
                Outcome::Pass,
                Some(&values[0].1.at),
                "",
            );
            continue;
        }
        for (t, v) in odd {
            audit.form = t.meta.form;
            audit.flag(
                format!("{} {field}与其他表一致", t.meta.kind.code()),
                Flag {
                    rule: &JS_C_03,
                    severity: JS_C_03.severity,
                    at: &v.at,
                    related: vec![],
                    message: format!(
                        "{} 的{field}为“{}”，与其他表的“{majority}”不一致，请核对是否混入其他单位、其他年度的表或金额单位换算有误",
                        t.meta.kind.code(),
                        v.value
                    ),
                    expected: None,
                    actual: None,
                },
            );
        }
    }
}
