//! Shared by the workbook targets: open, detect, extract and check, with
//! panics inside dependencies (calamine, zip, quick-xml, cfb) contained the
//! way `check_file` contains them. A panic in shenbiao's own code aborts, so
//! libFuzzer reports it as a crash.

use shenbiao::workbook::contain::is_contained;

pub fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let in_dependency = info
                .location()
                .is_some_and(|l| l.file().contains("/.cargo/registry/"));
            if is_contained() && in_dependency {
                // Contained: becomes 文件解析失败, as in check_file. Set
                // SHENBIAO_FUZZ_SHOW_CONTAINED to list where they happen.
                if std::env::var_os("SHENBIAO_FUZZ_SHOW_CONTAINED").is_some() {
                    if let Some(l) = info.location() {
                        eprintln!("contained panic at {}:{}", l.file(), l.line());
                    }
                }
                return;
            }
            eprintln!("{info}");
            std::process::abort();
        }));
    });
}

pub fn check_bytes(bytes: Vec<u8>) {
    install_hook();
    let opts = shenbiao::Options::default();
    if let Ok(wb) = shenbiao::workbook::open::read_workbook(bytes, &opts.limits) {
        let report = shenbiao::check_workbook("fuzz.xlsx", &wb, &opts);
        let _ = shenbiao::report::json::to_json(&report);
    }
}
