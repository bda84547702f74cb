//! Command line (design.md §5). Only argument handling lives here.
//!
//! Besides the subcommands, two ways of starting need no terminal: with no
//! arguments (a double-click) the local page starts and the browser opens;
//! with paths and no subcommand (files dropped on the program, or “打开方式”)
//! they are checked into 审表结果 beside the first one, which is then opened.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use shenbiao::rules::Severity;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Folder the drop-style run writes into, beside its first input.
const RESULTS_DIR: &str = "审表结果";

#[derive(Parser)]
#[command(
    name = "shenbiao",
    version,
    about = "审表：检查项目支出绩效自评表与部门决算公开表，标注每个不一致的单元格",
    after_help = "不带参数运行（双击程序）时启动本机网页版并打开浏览器；\n\
                  把文件或文件夹拖到程序上（或直接写在命令后面）时，检查结果写入第一个文件旁边的“审表结果”文件夹。",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// 要检查的文件或文件夹；结果写入第一个文件旁边的“审表结果”文件夹
    #[arg(value_name = "文件或文件夹")]
    paths: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// 检查文件或文件夹，输出标注后的工作簿或 Word 文档、findings.json 与 findings.csv
    Check(CheckArgs),
    /// 列出全部规则，或解释一条规则
    Rules {
        /// 规则编号，如 ZP-03
        #[arg(value_name = "编号")]
        code: Option<String>,
        /// 显示评分方案的实际设定（内置名称或 .toml 文件路径）
        #[arg(long, value_name = "名称|文件")]
        scheme: Option<String>,
    },
    /// 输出空白标准表（self-eval：项目支出绩效自评表；final-accounts：部门决算公开表 9 张）
    Template {
        /// 表的种类
        #[arg(value_enum, value_name = "种类")]
        kind: shenbiao::template::Kind,
        /// 输出文件（.xlsx）
        #[arg(short = 'o', long = "out", value_name = "文件")]
        out: PathBuf,
    },
    /// 启动本机网页版：在浏览器中拖入文件即可检查（文件不离开本机）
    Serve(shenbiao::serve::ServeArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// 待检查的文件或文件夹（文件夹递归查找 .xlsx/.xlsm/.xls/.ods/.docx/.docm）
    #[arg(required = true, value_name = "文件或文件夹")]
    paths: Vec<PathBuf>,
    /// 输出文件夹
    #[arg(
        short = 'o',
        long = "out-dir",
        default_value = "shenbiao-out",
        value_name = "文件夹"
    )]
    out_dir: PathBuf,
    /// 输出格式，逗号分隔
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "xlsx,json,csv",
        value_name = "格式"
    )]
    format: Vec<OutFormat>,
    /// 有此级别及以上的问题时退出码为 1
    #[arg(long, value_enum, default_value = "错误", value_name = "级别")]
    fail_on: FailOn,
    /// 并行处理的文件数（默认为 CPU 核数）
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    /// 不输出进度与汇总
    #[arg(short, long)]
    quiet: bool,
    /// 评分方案：内置名称（national、hunan-yiyang、tianjin、hunan-yueyang）或 .toml 文件路径
    #[arg(long, value_name = "名称|文件")]
    scheme: Option<String>,
    /// 单个工作簿最多读取的非空单元格数
    #[arg(long, default_value_t = 5_000_000, value_name = "N")]
    max_cells: u64,
    /// 单个工作簿中单元格文字与公式展开后的合计上限（MB）
    #[arg(long, default_value_t = 128, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..=65_536))]
    max_text_mb: u64,
    /// 压缩包解压后的总大小上限（MB）
    #[arg(long, default_value_t = 500, value_name = "MB")]
    max_uncompressed_mb: u64,
    /// 检查单个文件最多使用的内存（MB），超出则该文件记为无法读取
    #[arg(long, default_value_t = 1024, value_name = "MB", value_parser = clap::value_parser!(u64).range(64..=1_048_576))]
    max_memory_mb: u64,
    /// 检查单个文件最多用时（秒），超时则该文件记为无法读取
    #[arg(long, default_value_t = 60, value_name = "秒", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    max_seconds: u64,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    Xlsx,
    Json,
    Csv,
}

/// Chinese names first (what the help shows), the English ones of
/// design.md §5 as aliases.
#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    #[value(name = "错误", alias = "error")]
    Error,
    #[value(name = "警告", alias = "warning")]
    Warning,
    #[value(name = "提示", alias = "info")]
    Info,
    #[value(name = "从不", alias = "never")]
    Never,
}

fn main() -> ExitCode {
    if let Some(code) = shenbiao::batch::worker::run_if_worker() {
        return ExitCode::from(code);
    }
    // Panics contained while reading a bad file become 文件解析失败 in its
    // report; keep them off stderr.
    shenbiao::workbook::contain::install_quiet_panic_hook();
    // Asked before anything runs: the answer is about how we were started.
    let own_window = shenbiao::platform::own_window();
    let code = dispatch();
    if own_window {
        shenbiao::platform::wait_for_key();
    }
    code
}

fn dispatch() -> ExitCode {
    let cmd = shenbiao::cli_text::localize(Cli::command());
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The subcommand named on the line, for the "运行 … --help" hint.
    let program = match args.get(1).and_then(|a| a.to_str()) {
        Some(sub) if cmd.find_subcommand(sub).is_some() => format!("shenbiao {sub}"),
        _ => "shenbiao".to_string(),
    };
    let parsed = cmd
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let text = shenbiao::cli_text::render_error(&e, &program);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let Some(command) = cli.command else {
        return if cli.paths.is_empty() {
            start_page()
        } else {
            drop_run(&cli.paths)
        };
    };
    match command {
        Command::Rules { code, scheme: None } => rules(code.as_deref()),
        Command::Rules {
            scheme: Some(name), ..
        } => match shenbiao::scheme::Scheme::load(&name) {
            Ok(s) => {
                print!("{}", s.describe());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("错误：{e}");
                ExitCode::from(2)
            }
        },
        Command::Template { kind, out } => match shenbiao::template::write(kind, &out) {
            Ok(()) => {
                eprintln!("已写出空白{}：{}", kind.label(), out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("错误：{e}");
                ExitCode::from(2)
            }
        },
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
    }
}

fn serve(args: shenbiao::serve::ServeArgs) -> ExitCode {
    match shenbiao::serve::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("错误：{msg}");
            ExitCode::from(2)
        }
    }
}

/// No arguments (a double-click): the local page, opened in the browser,
/// with `serve`'s defaults.
fn start_page() -> ExitCode {
    use clap::Args;
    let defaults = shenbiao::serve::ServeArgs::augment_args(clap::Command::new("serve"))
        .try_get_matches_from(["serve"])
        .and_then(|m| shenbiao::serve::ServeArgs::from_arg_matches(&m));
    match defaults {
        Ok(mut args) => {
            args.open = true;
            args.launched = true;
            serve(args)
        }
        Err(e) => {
            eprint!("{}", shenbiao::cli_text::render_error(&e, "shenbiao serve"));
            ExitCode::from(2)
        }
    }
}

/// Paths without a subcommand (files dropped on the program): check them
/// with the default settings into 审表结果 beside the first, say where, and
/// open the checked workbook (one file) or the folder.
fn drop_run(paths: &[PathBuf]) -> ExitCode {
    let Some(first) = paths.first() else {
        return ExitCode::from(2);
    };
    if let Some(hint) = mistyped_command(first) {
        eprintln!("{hint}");
        return ExitCode::from(2);
    }
    let out_dir = results_dir(first);
    let run = shenbiao::batch::RunConfig {
        out_dir: out_dir.clone(),
        xlsx: true,
        json: true,
        csv: true,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        quiet: false,
        isolation: shenbiao::batch::worker::Isolation::current_exe(),
    };
    let summary = match shenbiao::batch::run(paths, &shenbiao::Options::default(), &run) {
        Ok(summary) => summary,
        Err(msg) => {
            eprintln!("错误：{msg}");
            return ExitCode::from(2);
        }
    };
    eprintln!("检查结果已保存到：{}", out_dir.display());
    let checked = match summary.listed.as_slice() {
        [only] if summary.tally.files == 1 => only.checked.as_ref().map(|n| out_dir.join(n)),
        _ => None,
    };
    let (what, target) = match &checked {
        Some(file) if file.extension().is_some_and(|e| e == "docx") => {
            ("标注后的文档", file.as_path())
        }
        Some(file) => ("标注后的工作簿", file.as_path()),
        None => ("结果文件夹", out_dir.as_path()),
    };
    eprintln!("正在打开{what}：{}", target.display());
    if let Err(e) = shenbiao::platform::open(target.as_os_str()) {
        eprintln!("未能自动打开（{e}），请手动打开上面的文件夹。");
    }
    ExitCode::from(summary.exit_code(Some(Severity::Error)))
}

/// 审表结果 in the folder that holds the first input (a file, or a dropped
/// folder), as an absolute path so the message names it fully.
fn results_dir(first: &Path) -> PathBuf {
    let first = std::path::absolute(first).unwrap_or_else(|_| first.to_path_buf());
    first
        .parent()
        .map_or_else(|| first.clone(), Path::to_path_buf)
        .join(RESULTS_DIR)
}

/// A word that is not a file and looks like a command name (`shenbiao
/// chekc`): say which commands exist instead of “找不到文件”.
fn mistyped_command(first: &Path) -> Option<String> {
    let word = first.to_str()?;
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !plain || first.exists() {
        return None;
    }
    let commands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    Some(format!(
        "错误：找不到文件或文件夹“{word}”，也没有名为“{word}”的命令。\n可用的命令：{}；运行 shenbiao --help 查看帮助。",
        commands.join("、")
    ))
}

fn rules(code: Option<&str>) -> ExitCode {
    match code {
        None => {
            print!("{}", shenbiao::rules::registry::listing());
            ExitCode::SUCCESS
        }
        Some(c) => match shenbiao::rules::find_rule(c) {
            Some(r) => {
                print!("{}", shenbiao::rules::registry::explain(r));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("没有编号为 {c} 的规则；运行 `shenbiao rules` 查看全部规则");
                ExitCode::from(2)
            }
        },
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let mut opts = shenbiao::Options::default();
    if let Some(name) = &args.scheme {
        match shenbiao::scheme::Scheme::load(name) {
            Ok(s) => {
                opts.scheme = s;
                opts.scheme_chosen = true;
            }
            Err(e) => {
                eprintln!("错误：{e}");
                return ExitCode::from(2);
            }
        }
    }
    opts.limits.max_cells = args.max_cells;
    opts.limits.max_text_bytes = args.max_text_mb * 1024 * 1024;
    opts.limits.max_uncompressed_bytes = args.max_uncompressed_mb.saturating_mul(1024 * 1024);
    opts.limits.max_memory_mb = args.max_memory_mb;
    opts.limits.max_seconds = args.max_seconds;
    let run = shenbiao::batch::RunConfig {
        out_dir: args.out_dir,
        xlsx: args.format.contains(&OutFormat::Xlsx),
        json: args.format.contains(&OutFormat::Json),
        csv: args.format.contains(&OutFormat::Csv),
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        quiet: args.quiet,
        isolation: shenbiao::batch::worker::Isolation::current_exe(),
    };
    let fail_on = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    match shenbiao::batch::run(&args.paths, &opts, &run) {
        Ok(summary) => ExitCode::from(summary.exit_code(fail_on)),
        Err(msg) => {
            eprintln!("错误：{msg}");
            ExitCode::from(2)
        }
    }
}
