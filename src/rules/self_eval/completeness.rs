//! Is the form filled in: header fields (ZP-01), goals (ZP-10), indicator
//! categories (ZP-11, ZP-23).

use super::{Ctx, ZP01, ZP10, ZP11, ZP23};
use crate::forms::self_eval::{Field, TextCell};
use crate::rules::Severity;

pub fn check(ctx: &mut Ctx<'_>) {
    let form = ctx.form;
    for (name, field) in [
        ("项目名称", &form.project),
        ("主管部门", &form.department),
        ("实施单位", &form.implementer),
    ] {
        header_field(ctx, name, field.as_ref());
    }
    goals(ctx);
    categories(ctx);
}

fn header_field(ctx: &mut Ctx<'_>, name: &str, field: Option<&Field>) {
    let subject = format!("{name}已填写");
    match field {
        None => ctx
            .audit
            .cannot_check(&ZP01, subject, None, format!("表中没有“{name}”标签")),
        Some(Field { value: Some(v), .. }) if !v.is_blank() => {
            ctx.audit.pass(&ZP01, subject, Some(&v.at))
        }
        Some(Field { label, value }) => {
            let at = value.as_ref().map_or(&label.at, |v| &v.at).clone();
            ctx.flag(
                &ZP01,
                Severity::Warning,
                &subject,
                &at,
                vec![&label.at],
                format!("{name}未填写"),
                None,
                None,
            );
        }
    }
}

fn goals(ctx: &mut Ctx<'_>) {
    let Some(goals) = &ctx.form.goals else {
        ctx.audit
            .cannot_check(&ZP10, "年度总体目标已填写", None, "表中没有“年度总体目标”");
        return;
    };
    for (what, cell) in [
        ("预期目标", &goals.expected),
        ("实际完成情况", &goals.achieved),
    ] {
        let subject = format!("年度总体目标的{what}已填写");
        match cell {
            Some(c) if !c.is_blank() => ctx.audit.pass(&ZP10, subject, Some(&c.at)),
            Some(c) => {
                let at = c.at.clone();
                ctx.flag(
                    &ZP10,
                    Severity::Warning,
                    &subject,
                    &at,
                    vec![],
                    format!("年度总体目标的{what}未填写"),
                    None,
                    None,
                );
            }
            None => {
                let at = goals.label.at.clone();
                ctx.flag(
                    &ZP10,
                    Severity::Warning,
                    &subject,
                    &at,
                    vec![],
                    format!("年度总体目标的{what}未填写"),
                    None,
                    None,
                );
            }
        }
    }
}

/// Allowed 二级指标 of each 一级指标 (rules.md §1.1).
const LEVEL2: &[(&str, &[&str])] = &[
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标", "满意度指标"]),
    ("可持续影响指标", &["可持续影响指标"]),
];

fn categories(ctx: &mut Ctx<'_>) {
    let form = ctx.form;
    for group in &form.groups {
        let subject = format!("一级指标“{}”规范", group.name);
        match LEVEL2.iter().find(|(l1, _)| *l1 == group.name) {
            None => {
                let at = group.label.at.clone();
                ctx.flag(
                    &ZP11,
                    Severity::Error,
                    &subject,
                    &at,
                    vec![],
                    format!(
                        "一级指标“{}”不是规范的一级指标（产出指标、效益指标、满意度指标）",
                        group.label.text.trim()
                    ),
                    Some("产出指标/效益指标/满意度指标".into()),
                    Some(group.label.text.trim().to_string()),
                );
            }
            Some(_) => ctx.audit.pass(&ZP11, subject, Some(&group.label.at)),
        }
    }
    let mut reported = std::collections::HashSet::new();
    for ind in &form.indicators {
        let Some((_, allowed)) = LEVEL2.iter().find(|(l1, _)| *l1 == ind.level1) else {
            continue;
        };
        if ind.level2.is_empty()
            || allowed
                .iter()
                .any(|a| ind.level2 == *a || ind.level2 == a.trim_end_matches("指标"))
        {
            continue;
        }
        if reported.insert(ind.level2.clone()) {
            let at = ind.name.at.clone();
            ctx.flag(
                &ZP11,
                Severity::Warning,
                &format!("二级指标“{}”规范", ind.level2),
                &at,
                vec![],
                format!(
                    "二级指标“{}”不在{}的规范列表中（{}）",
                    ind.level2,
                    ind.level1,
                    allowed.join("、")
                ),
                None,
                Some(ind.level2.clone()),
            );
        }
    }
    let count = |name: &str| form.indicators.iter().filter(|i| i.level1 == name).count();
    let anchor = form.groups.first().map(|g| g.label.at.clone());
    for name in ["产出指标", "效益指标", "满意度指标"] {
        let subject = format!("设有{name}");
        let present = count(name) > 0 || (name == "效益指标" && count("可持续影响指标") > 0);
        match (&anchor, present) {
            (_, true) => ctx.audit.pass(&ZP23, subject, None),
            (Some(at), false) => ctx.flag(
                &ZP23,
                Severity::Warning,
                &subject,
                at,
                vec![],
                format!("表中没有{name}的三级指标"),
                None,
                None,
            ),
            (None, false) => ctx
                .audit
                .cannot_check(&ZP23, subject, None, "表中没有指标表"),
        }
    }
}

/// Used by other checks to test for an explanation.
pub fn has_text(cell: &Option<TextCell>) -> bool {
    cell.as_ref().is_some_and(|c| !c.is_blank())
}
