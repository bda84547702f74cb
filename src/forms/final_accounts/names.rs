//! Label helpers for the 决算 tables: ordinals, notes, 空表 statements and
//! the 功能分类 类 names, which the overview tables print without codes.

use crate::forms::labels::norm;

/// 功能分类 类 codes and names (2019+ names first, then older names that
/// still turn up in published tables).
const CLASSES: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("207", "文化体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("210", "医疗卫生与计划生育支出"),
    ("210", "医疗卫生支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("212", "城乡社区事务"),
    ("213", "农林水支出"),
    ("213", "农林水事务"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("215", "资源勘探信息等支出"),
    ("215", "资源勘探电力信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("217", "金融监管等事务支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("220", "国土海洋气象等支出"),
    ("220", "国土资源气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("222", "粮油物资储备事务"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
];

/// The 类 code of a 功能分类 name ("七、文化旅游体育与传媒支出" → 207).
pub fn class_code(label: &str) -> Option<&'static str> {
    let name = strip_ordinal(&norm(label));
    let name = name.trim_end_matches("(类)");
    CLASSES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(code, _)| *code)
}

/// Normalised label without a leading ordinal ("一、", "（一）", "1.", "1、").
pub fn strip_ordinal(label: &str) -> String {
    let s = norm(label);
    let numerals = |c: char| "一二三四五六七八九十百零〇".contains(c) || c.is_ascii_digit();
    // "(一)" / "(1)"
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(end) = rest.find(')') {
            if end > 0 && rest[..end].chars().all(numerals) {
                return rest[end + 1..].trim_start_matches(['、', '.']).to_string();
            }
        }
    }
    let digits_end = s
        .char_indices()
        .find(|(_, c)| !numerals(*c))
        .map_or(s.len(), |(i, _)| i);
    if digits_end > 0 {
        let rest = &s[digits_end..];
        for sep in ['、', '.', ',', '，'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r.to_string();
            }
        }
    }
    s
}

/// A note or remark line rather than a data row ("注：本表反映…",
/// "备注：本单位无…", "说明：…").
pub fn is_note(label: &str) -> bool {
    let s = norm(label);
    (s.starts_with('注') && !s.starts_with("注册"))
        || s.starts_with("备注")
        || s.starts_with("说明")
        || s.starts_with("附注")
        || s.starts_with("填表说明")
}

/// A statement that the table is empty on purpose (rules.md JS-GK-03):
/// "本单位无政府性基金预算，此表无数据", "空表表示本部门无相关收支情况".
pub fn is_empty_statement(text: &str) -> bool {
    let s = norm(text);
    const MARKS: &[&str] = &[
        "无数据",
        "空表",
        "无相关",
        "无此项",
        "本表无",
        "此表无",
        "无该项",
        "未发生",
        "没有",
        "不涉及",
        "无政府性基金",
        "无国有资本经营",
        "无“三公”",
        "无三公",
    ];
    MARKS.iter().any(|m| s.contains(m))
}

/// Split "201 一般公共服务支出" / "201一般公共服务支出" into code and name.
pub fn split_code(text: &str) -> Option<(String, String)> {
    let s = text.trim();
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(s.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    let code = &s[..end];
    let rest = s[end..].trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    Some((code.to_string(), rest.to_string()))
}

/// True for a 科目编码 made of digits only.
pub fn is_code(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_stripped() {
        assert_eq!(strip_ordinal("一、一般公共服务支出"), "一般公共服务支出");
        assert_eq!(
            strip_ordinal("二十六、抗疫特别国债安排的支出"),
            "抗疫特别国债安排的支出"
        );
        assert_eq!(strip_ordinal("（一）财政拨款"), "财政拨款");
        assert_eq!(strip_ordinal("1.其他收入"), "其他收入");
        assert_eq!(strip_ordinal("本年收入合计"), "本年收入合计");
    }

    #[test]
    fn class_codes_from_names_old_and_new() {
        assert_eq!(class_code("七、文化旅游体育与传媒支出"), Some("207"));
        assert_eq!(class_code("医疗卫生与计划生育支出"), Some("210"));
        assert_eq!(class_code("九、卫生健康支出"), Some("210"));
        assert_eq!(class_code("本年支出合计"), None);
    }

    #[test]
    fn notes_and_statements() {
        assert!(is_note("注：本表反映部门本年度取得的各项收入情况。"));
        assert!(is_note("备注：本单位无国有资本经营预算，此表无数据"));
        assert!(!is_note("一般公共服务支出"));
        assert!(is_empty_statement(
            "注：本单位无政府性基金预算，此表无数据。"
        ));
        assert!(is_empty_statement("空表表示本部门无相关收支情况"));
        assert!(!is_empty_statement("注：本表反映部门本年度各项支出情况。"));
    }

    #[test]
    fn codes_split_from_names() {
        assert_eq!(
            split_code("201 一般公共服务支出"),
            Some(("201".into(), "一般公共服务支出".into()))
        );
        assert_eq!(split_code("合计"), None);
        assert!(is_code("2010301"));
        assert!(!is_code("20103a"));
    }
}
