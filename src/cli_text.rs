//! Chinese text for the command line. clap writes its headings ("Usage:",
//! "Options:"), the help flag's text, defaults, choices and every error in
//! English; a clerk who drops a file on the program or mistypes an option
//! must read Chinese. The command is adjusted once after it is built
//! ([`localize`]), and clap's errors are rendered here from their kind and
//! context ([`render_error`]) instead of by clap's English formatter.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Help layout: clap's default with the headings in Chinese.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Give `cmd` and all its subcommands Chinese headings, a Chinese help flag
/// (and version flag at the top), and write each option's default and
/// choices into its help in Chinese.
pub fn localize(cmd: Command) -> Command {
    let mut cmd = localize_one(cmd).disable_help_subcommand(true);
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号")
                .help_heading("选项"),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .iter()
        .fold(cmd, |cmd, name| cmd.mut_subcommand(name, localize_one))
}

fn localize_one(cmd: Command) -> Command {
    cmd.help_template(HELP_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .mut_args(describe)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        )
}

/// Put the argument under a Chinese heading and append its choices and
/// default, in Chinese, to its help (clap's own "[default: …]" and
/// "[possible values: …]" are hidden).
fn describe(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let mut notes = Vec::new();
    if arg.get_action().takes_values() {
        let choices: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| {
                let mut names = v.get_name_and_aliases();
                let name = names.next().unwrap_or_default().to_string();
                let aliases: Vec<&str> = names.collect();
                if aliases.is_empty() {
                    name
                } else {
                    format!("{name}（{}）", aliases.join("、"))
                }
            })
            .collect();
        if !choices.is_empty() && !arg.is_hide_possible_values_set() {
            notes.push(format!("可选：{}", choices.join("、")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && !arg.is_hide_default_value_set() {
            notes.push(format!("默认：{}", defaults.join(",")));
        }
    }
    let arg = arg.help_heading(heading);
    if notes.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    arg.help(format!("{help}（{}）", notes.join("；")))
        .hide_possible_values(true)
        .hide_default_value(true)
}

/// What to print for a clap error, help or version request, in Chinese.
/// Print it to stderr when `err.use_stderr()`, else to stdout; exit with
/// `err.exit_code()`. `program` (e.g. "shenbiao check") names the command
/// whose help to suggest when the error carries no usage line.
pub fn render_error(err: &clap::Error, program: &str) -> String {
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return translate(&err.render().to_string());
        }
        _ => {}
    }
    let mut out = format!("错误：{}", message(err));
    for (kind, what) in [
        (ContextKind::SuggestedArg, "选项"),
        (ContextKind::SuggestedSubcommand, "命令"),
        (ContextKind::SuggestedValue, "取值"),
    ] {
        if let Some(v) = err.get(kind) {
            out.push_str(&format!("\n\n  提示：你是否想输入{what}{}？", quoted(v)));
        }
    }
    let usage = match err.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => u.to_string(),
        _ => String::new(),
    };
    let usage = usage.trim_start_matches("Usage:").trim();
    let mut program = program.to_string();
    if !usage.is_empty() {
        out.push_str(&format!("\n\n用法：{}", translate(usage)));
        // "shenbiao check [选项] …" → help of "shenbiao check".
        let words: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        if !words.is_empty() {
            program = words.join(" ");
        }
    }
    out.push_str(&format!("\n\n运行 {program} --help 查看帮助。\n"));
    out
}

/// What clap writes itself into a rendered help: the usage placeholder and
/// the ASCII colon after each heading.
fn translate(text: &str) -> String {
    let mut out = text.replace("[OPTIONS]", "[选项]");
    for heading in ["参数", "选项", "命令"] {
        out = out.replace(&format!("\n{heading}:\n"), &format!("\n{heading}：\n"));
    }
    out
}

/// A numeric option outside its range, said in Chinese (clap's own range
/// check words it in English, and a value parsed without a range can wrap
/// around later, as "上限 0 MB" once did).
#[derive(Debug)]
pub struct OutOfRange(pub String);

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutOfRange {}

/// Parse a whole number in `lo..=hi` (`unit` names it in the message), for
/// clap's `value_parser`.
pub fn ranged(s: &str, lo: u64, hi: u64, unit: &str) -> Result<u64, OutOfRange> {
    let out = || OutOfRange(format!("应为 {lo} 到 {hi} 之间的整数（{unit}）"));
    let n: u64 = s.trim().parse().map_err(|_| out())?;
    if (lo..=hi).contains(&n) {
        Ok(n)
    } else {
        Err(out())
    }
}

/// The first sentence of a clap error, from its kind and context.
fn message(err: &clap::Error) -> String {
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    match (err.kind(), arg, value) {
        (ErrorKind::UnknownArgument, Some(a), _) => format!("无法识别的选项或参数“{a}”"),
        (ErrorKind::InvalidValue, Some(a), Some(v)) if v.is_empty() => {
            format!("选项 {a} 缺少取值")
        }
        (ErrorKind::InvalidValue, Some(a), Some(v)) => {
            let mut s = format!("“{v}”不是选项 {a} 的有效取值");
            if let Some(ContextValue::Strings(valid)) = err.get(ContextKind::ValidValue) {
                s.push_str(&format!("\n  可选：{}", valid.join("、")));
            }
            s
        }
        (ErrorKind::ValueValidation, Some(a), Some(v)) => {
            let source = std::error::Error::source(err);
            if let Some(range) = source.and_then(|e| e.downcast_ref::<OutOfRange>()) {
                return format!("“{v}”不是选项 {a} 的有效取值：{}", range.0);
            }
            let number = source.is_some_and(|e| e.is::<std::num::ParseIntError>());
            let hint = if number { "（应为整数）" } else { "" };
            format!("“{v}”不是选项 {a} 的有效取值{hint}")
        }
        (ErrorKind::NoEquals, Some(a), _) => format!("选项 {a} 的取值须用等号给出，如 {a}=值"),
        (ErrorKind::TooManyValues, Some(a), Some(v)) => {
            format!("选项 {a} 不接受更多取值，多出了“{v}”")
        }
        (ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues, Some(a), _) => {
            format!("选项 {a} 的取值个数不对")
        }
        (ErrorKind::ArgumentConflict, Some(a), _) => match err.get(ContextKind::PriorArg) {
            Some(ContextValue::String(p)) if *p == a => format!("选项 {a} 只能使用一次"),
            Some(p) => format!("{a} 不能与 {} 同时使用", quoted(p)),
            None => format!("{a} 不能与其他参数同时使用"),
        },
        (ErrorKind::ArgumentConflict, None, _) => match text(ContextKind::InvalidSubcommand) {
            Some(c) => format!("命令 {c} 不能与前面的参数同时使用"),
            None => "参数相互冲突".to_string(),
        },
        (ErrorKind::MissingRequiredArgument, _, _) => match err.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(list)) => format!("缺少必需的参数：{}", list.join("、")),
            _ => "缺少必需的参数".to_string(),
        },
        (ErrorKind::InvalidSubcommand, _, _) => match text(ContextKind::InvalidSubcommand) {
            Some(c) => format!("没有名为“{c}”的命令"),
            None => "没有这个命令".to_string(),
        },
        (ErrorKind::MissingSubcommand, _, _) => "缺少命令".to_string(),
        (ErrorKind::InvalidUtf8, _, _) => {
            "参数中有无法识别的字符（不是有效的 Unicode 文本）".to_string()
        }
        _ => "命令行参数有误".to_string(),
    }
}

/// A context value as “a”, “b”.
fn quoted(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => format!("“{s}”"),
        ContextValue::Strings(list) => list
            .iter()
            .map(|s| format!("“{s}”"))
            .collect::<Vec<_>>()
            .join("、"),
        other => format!("“{other}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::builder::PossibleValue;

    fn demo() -> Command {
        localize(
            Command::new("demo")
                .version("1.0")
                .about("演示")
                .arg(
                    Arg::new("level")
                        .long("level")
                        .help("级别")
                        .value_parser([
                            PossibleValue::new("错误").alias("error"),
                            PossibleValue::new("从不").alias("never"),
                        ])
                        .default_value("错误"),
                )
                .arg(Arg::new("paths").help("文件").num_args(1..))
                .subcommand(
                    Command::new("sub")
                        .about("子命令")
                        .arg(Arg::new("n").long("n").help("个数").required(true)),
                ),
        )
    }

    fn help_of(args: &[&str]) -> String {
        let err = demo().try_get_matches_from(args).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DisplayHelp);
        render_error(&err, "demo")
    }

    #[test]
    fn help_is_chinese() {
        let top = help_of(&["demo", "--help"]);
        // The full list of clap's English words is checked on the real
        // command line (tests/start.rs).
        assert!(
            !top.contains("Usage") && !top.contains("[OPTIONS]"),
            "{top}"
        );
        for chinese in [
            "用法：",
            "选项：",
            "参数：",
            "命令：",
            "显示帮助",
            "显示版本号",
            "可选：错误（error）、从不（never）；默认：错误",
        ] {
            assert!(top.contains(chinese), "{chinese:?} missing in\n{top}");
        }
        let sub = help_of(&["demo", "sub", "-h"]);
        assert!(
            sub.contains("用法：demo sub") && sub.contains("显示帮助"),
            "{sub}"
        );
        assert!(!sub.contains("Print"), "{sub}");
    }

    #[test]
    fn errors_are_chinese() {
        let err = demo()
            .try_get_matches_from(["demo", "--levl", "x"])
            .unwrap_err();
        let text = render_error(&err, "demo");
        assert!(
            text.starts_with("错误：无法识别的选项或参数“--levl”"),
            "{text}"
        );
        assert!(text.contains("你是否想输入选项“--level”"), "{text}");
        assert!(
            text.contains("用法：demo ") && text.contains("运行 demo --help 查看帮助"),
            "{text}"
        );
        assert_eq!(err.exit_code(), 2);

        let err = demo()
            .try_get_matches_from(["demo", "--level", "sometimes"])
            .unwrap_err();
        let text = render_error(&err, "demo");
        assert!(
            text.contains("“sometimes”不是选项 --level <level> 的有效取值"),
            "{text}"
        );
        assert!(text.contains("可选：错误、从不"), "{text}");

        let err = demo().try_get_matches_from(["demo", "sub"]).unwrap_err();
        let text = render_error(&err, "demo");
        assert!(text.starts_with("错误：缺少必需的参数：--n <n>"), "{text}");
        assert!(text.contains("运行 demo sub --help 查看帮助"), "{text}");
    }

    #[test]
    fn chinese_names_and_english_aliases_parse() {
        for level in ["从不", "never"] {
            let m = demo().try_get_matches_from(["demo", "--level", level]);
            assert!(m.is_ok(), "{level}");
        }
    }
}
