//! Command line (design.md §5). Only argument handling lives here.

use clap::{Parser, Subcommand, ValueEnum};
use shenbiao::rules::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "shenbiao",
    version,
    about = "审表：检查项目支出绩效自评表与部门决算公开表，标注每个不一致的单元格"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查文件或文件夹，输出标注后的工作簿、findings.json 与 findings.csv
    Check(CheckArgs),
    /// 列出全部规则，或解释一条规则
    Rules {
        /// 规则编号，如 ZP-03
        code: Option<String>,
        /// 显示评分方案的实际设定（内置名称或 .toml 文件路径）
        #[arg(long, value_name = "NAME|FILE")]
        scheme: Option<String>,
    },
    /// 输出空白标准表（self-eval：项目支出绩效自评表；final-accounts：部门决算公开表 9 张）
    Template {
        /// 表的种类
        #[arg(value_enum)]
        kind: shenbiao::template::Kind,
        /// 输出文件（.xlsx）
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: PathBuf,
    },
    /// 启动本机网页版：在浏览器中拖入文件即可检查（文件不离开本机）
    Serve(shenbiao::serve::ServeArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// 待检查的文件或文件夹（文件夹递归查找 .xlsx/.xlsm/.xls/.ods）
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 输出文件夹
    #[arg(short = 'o', long = "out-dir", default_value = "shenbiao-out")]
    out_dir: PathBuf,
    /// 输出格式，逗号分隔：xlsx,json,csv
    #[arg(long, value_delimiter = ',', default_value = "xlsx,json,csv")]
    format: Vec<OutFormat>,
    /// 有此级别及以上的问题时退出码为 1
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// 并行处理的文件数（默认为 CPU 核数）
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    /// 不输出进度与汇总
    #[arg(short, long)]
    quiet: bool,
    /// 评分方案：内置名称（national、hunan-yiyang、tianjin、hunan-yueyang）或 .toml 文件路径
    #[arg(long, value_name = "NAME|FILE")]
    scheme: Option<String>,
    /// 单个工作簿最多读取的非空单元格数
    #[arg(long, default_value_t = 5_000_000)]
    max_cells: u64,
    /// 压缩包解压后的总大小上限（MB）
    #[arg(long, default_value_t = 500)]
    max_uncompressed_mb: u64,
    /// 检查单个文件最多使用的内存（MB），超出则该文件记为无法读取
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u64).range(64..=1_048_576))]
    max_memory_mb: u64,
    /// 检查单个文件最多用时（秒），超时则该文件记为无法读取
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    max_seconds: u64,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    Xlsx,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

fn main() -> ExitCode {
    if let Some(code) = shenbiao::batch::worker::run_if_worker() {
        return ExitCode::from(code);
    }
    // Panics contained while reading a bad file become 文件解析失败 in its
    // report; keep them off stderr.
    shenbiao::workbook::contain::install_quiet_panic_hook();
    let cli = Cli::parse();
    match cli.command {
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
        Command::Serve(args) => match shenbiao::serve::run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("错误：{msg}");
                ExitCode::from(2)
            }
        },
    }
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
