//! Windows resources for shenbiao.exe: the icon Explorer shows and the
//! version information in 属性 → 详细信息, so a clerk can tell which version
//! they run. Only when building for windows-gnu, with the mingw resource
//! compiler; every other target needs no tool and gets nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/shenbiao.ico");
    println!("cargo:rerun-if-env-changed=WINDRES");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "windows" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    let out = PathBuf::from(var("OUT_DIR"));
    let icon = Path::new(&var("CARGO_MANIFEST_DIR")).join("assets/shenbiao.ico");
    let rc = out.join("shenbiao.rc");
    let obj = out.join("shenbiao-res.o");
    if let Err(e) = std::fs::write(&rc, resource_script(&var("CARGO_PKG_VERSION"), &icon)) {
        fail(&format!("cannot write {}: {e}", rc.display()));
    }
    let windres = windres();
    let status = Command::new(&windres)
        .args(["--codepage=65001", "-O", "coff", "-i"])
        .arg(&rc)
        .arg("-o")
        .arg(&obj)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => fail(&format!("{windres} failed ({s}) on {}", rc.display())),
        Err(e) => fail(&format!(
            "cannot run {windres} ({e}); install binutils-mingw-w64-x86-64 or set WINDRES"
        )),
    }
    // An object (not an archive member) is always linked, so the resource
    // section cannot be dropped as unreferenced.
    println!("cargo:rustc-link-arg-bins={}", obj.display());
}

/// WINDRES, else the mingw cross tool (Debian's name), else a native one.
fn windres() -> String {
    if let Ok(w) = std::env::var("WINDRES") {
        return w;
    }
    let cross = "x86_64-w64-mingw32-windres";
    let found = Command::new(cross).arg("--version").output().is_ok();
    if found { cross } else { "windres" }.to_string()
}

fn fail(msg: &str) -> ! {
    eprintln!("build.rs: {msg}");
    std::process::exit(1);
}

/// The .rc source: icon and VERSIONINFO (zh-CN, UTF-16 strings) for
/// version `x.y.z`.
fn resource_script(version: &str, icon: &Path) -> String {
    let mut parts = version
        .split(['.', '-', '+'])
        .map(|p| p.parse::<u16>().unwrap_or(0));
    let mut next = || parts.next().unwrap_or(0);
    let (major, minor, patch) = (next(), next(), next());
    let icon = icon.display().to_string().replace('\\', "/");
    format!(
        r#"#pragma code_page(65001)
1 ICON "{icon}"
1 VERSIONINFO
FILEVERSION {major},{minor},{patch},0
PRODUCTVERSION {major},{minor},{patch},0
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080404b0"
    BEGIN
      VALUE "FileDescription", "审表：项目支出绩效自评表与部门决算公开表审核工具"
      VALUE "FileVersion", "{version}"
      VALUE "ProductName", "审表 shenbiao"
      VALUE "ProductVersion", "{version}"
      VALUE "InternalName", "shenbiao"
      VALUE "OriginalFilename", "shenbiao.exe"
      VALUE "LegalCopyright", "MIT License"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x804, 1200
  END
END
"#
    )
}
