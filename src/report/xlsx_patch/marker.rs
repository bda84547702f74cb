//! The finding number shown on a flagged cell, as a number-format suffix.
//!
//! Why a number format: the number must be visible on screen and on paper
//! (批注 are not printed beside the cell), without touching the cell's value
//! or its own style. A conditional format's `dxf` may carry a number format;
//! giving it the cell's own format with `" ③"` appended to every section
//! shows the value exactly as before, followed by the marker. Text cells get
//! the marker through a text section (`@" ③"`).

/// The marker glyph of finding `n`: ①–⑩ (in GB2312, so every Chinese font
/// has them — ⑪ and above are not), `[n]` beyond.
pub fn marker(n: u32) -> String {
    match n {
        1..=10 => char::from_u32(0x2460 + n - 1).map_or_else(|| format!("[{n}]"), String::from),
        _ => format!("[{n}]"),
    }
}

/// The suffix appended to a flagged cell: a space, then each number's glyph.
pub(crate) fn suffix(numbers: &[u32]) -> String {
    let mut s = String::from(" ");
    for &n in numbers {
        s.push_str(&marker(n));
    }
    s
}

/// Split a format code into its `;`-separated sections, honouring quotes,
/// backslash escapes and `[...]` brackets.
fn sections(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = code.chars();
    let mut quoted = false;
    let mut bracket = false;
    while let Some(c) = chars.next() {
        let cur = out.last_mut().expect("never empty");
        match c {
            '"' if !bracket => quoted = !quoted,
            '\\' if !quoted && !bracket => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                continue;
            }
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out
}

/// Whether a section has `@` outside quotes (a text section).
fn is_text(section: &str) -> bool {
    scan_unquoted(section, |c| c == '@')
}

/// Whether a section has a condition such as `[>100]`.
fn has_condition(section: &str) -> bool {
    let mut rest = section;
    while let Some(i) = rest.find('[') {
        if rest[i + 1..].starts_with(['<', '>', '=']) {
            return true;
        }
        rest = &rest[i + 1..];
    }
    false
}

fn scan_unquoted(section: &str, pred: impl Fn(char) -> bool) -> bool {
    let mut quoted = false;
    let mut esc = false;
    for c in section.chars() {
        if esc {
            esc = false;
            continue;
        }
        match c {
            '\\' if !quoted => esc = true,
            '"' => quoted = !quoted,
            c if !quoted && pred(c) => return true,
            _ => {}
        }
    }
    false
}

/// `section` with a minus sign after its leading `[colour]` tokens: how a
/// one-section format shows negatives once it becomes the explicit second
/// section.
fn negative(section: &str) -> String {
    let mut head = 0;
    while section[head..].starts_with('[') {
        match section[head..].find(']') {
            Some(j) => head += j + 1,
            None => break,
        }
    }
    format!("{}-{}", &section[..head], &section[head..])
}

/// `code` with `mark` appended to what every kind of value shows (positive,
/// negative, zero, text), keeping how the value itself is shown.
pub(crate) fn marked_format(code: &str, mark: &str) -> String {
    let lit = format!("\"{mark}\"");
    let code = if code.trim().is_empty() {
        "General"
    } else {
        code
    };
    let mut secs = sections(code);
    let text = if secs.len() >= 4 {
        secs.truncate(4);
        secs.pop()
    } else if secs.len() == 1 && is_text(&secs[0]) {
        let t = secs.pop();
        secs.push("General".to_string());
        t
    } else {
        None
    };
    let cond = secs.iter().any(|s| has_condition(s));
    let nums: Vec<String> = match (secs.as_slice(), cond) {
        ([a], false) => vec![a.clone(), negative(a), a.clone()],
        ([a, b], false) => vec![a.clone(), b.clone(), a.clone()],
        _ => secs.clone(),
    };
    let mut out: Vec<String> = nums.into_iter().map(|s| format!("{s}{lit}")).collect();
    out.push(format!("{}{lit}", text.unwrap_or_else(|| "@".to_string())));
    out.join(";")
}

/// Format code of a built-in number format that reads the same in every
/// locale; `None` for locale-dependent ones (dates, currency), whose marked
/// form would change how the cell looks.
pub(crate) fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_circled_up_to_ten() {
        assert_eq!(marker(1), "①");
        assert_eq!(marker(10), "⑩");
        assert_eq!(marker(11), "[11]");
        assert_eq!(marker(0), "[0]");
        assert_eq!(suffix(&[3, 12]), " ③[12]");
    }

    #[test]
    fn every_value_kind_gets_the_marker() {
        assert_eq!(
            marked_format("General", " ③"),
            r#"General" ③";-General" ③";General" ③";@" ③""#
        );
        assert_eq!(
            marked_format("0.00%", " ①"),
            r#"0.00%" ①";-0.00%" ①";0.00%" ①";@" ①""#
        );
        assert_eq!(
            marked_format("#,##0.00;[Red](#,##0.00)", " ②"),
            r#"#,##0.00" ②";[Red](#,##0.00)" ②";#,##0.00" ②";@" ②""#
        );
        assert_eq!(
            marked_format(r#"0;-0;"—";"x"@"#, " ②"),
            r#"0" ②";-0" ②";"—"" ②";"x"@" ②""#
        );
        assert_eq!(
            marked_format("@", " ④"),
            r#"General" ④";-General" ④";General" ④";@" ④""#
        );
        assert_eq!(
            marked_format("[Blue]0", " ⑤"),
            r#"[Blue]0" ⑤";[Blue]-0" ⑤";[Blue]0" ⑤";@" ⑤""#
        );
    }

    #[test]
    fn quoted_and_bracketed_semicolons_do_not_split() {
        assert_eq!(sections(r#""a;b"0;[<0;x]"#).len(), 2);
        assert_eq!(sections(r"0\;0;0").len(), 2);
        let f = marked_format("[>100]0;[<=100]0.0", " ①");
        assert_eq!(f, r#"[>100]0" ①";[<=100]0.0" ①";@" ①""#);
    }
}
