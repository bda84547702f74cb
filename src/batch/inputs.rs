//! Which files a run checks and what their outputs are called: folders are
//! walked (symlinked folders followed, loops detected, each real file
//! checked once), special files skipped, and every output name is unique
//! and never an input.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Extensions shenbiao reads.
/// Word documents (.docx, .docm) are checked for their tables and prose.
pub const INPUT_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "et", "docx", "docm"];

/// What a walk found: the inputs in a deterministic order, and remarks about
/// what was skipped (unreadable folders, loops, special files).
#[derive(Debug, Default)]
pub struct Found {
    pub inputs: Vec<PathBuf>,
    pub notes: Vec<String>,
}

/// Expand files and folders (recursively) into the list of inputs, sorted
/// within each folder. Skips Excel lock files (`~$…`), our own outputs and
/// anything that is not a regular file; a folder that cannot be read is
/// noted by its own path and the rest is walked. A path that does not exist
/// is a usage error.
pub fn collect(paths: &[PathBuf]) -> Result<Found, String> {
    let mut found = Found::default();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut found);
        } else if p.exists() || p.symlink_metadata().is_ok() {
            found.inputs.push(p.clone());
        } else {
            return Err(format!("找不到文件或文件夹：{}", p.display()));
        }
    }
    Ok(found)
}

fn walk(dir: &Path, found: &mut Found) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                let why = if e.loop_ancestor().is_some() {
                    "符号链接指回上级文件夹（循环），已跳过".to_string()
                } else {
                    "无法读取，已跳过".to_string()
                };
                found.notes.push(format!("{at}：{why}"));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() || !is_candidate(path) {
            continue;
        }
        if !entry.file_type().is_file() {
            found.notes.push(format!(
                "{}：不是普通文件（如管道、设备），已跳过",
                path.display()
            ));
            continue;
        }
        found.inputs.push(path.to_path_buf());
    }
}

fn is_candidate(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with("~$")
        || name.ends_with(".checked.xlsx")
        || name.ends_with(".checked.xlsm")
        || name.ends_with(".checked.docx")
    {
        return false;
    }
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| INPUT_EXTENSIONS.contains(&e.as_str()))
}

/// The same real file reached twice (a folder and a file inside it, or
/// through a symlink) is checked once.
pub fn dedup(inputs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    inputs
        .into_iter()
        .filter(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())))
        .collect()
}

/// True when two paths name the same file on disk.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Output stems, one per input: the input's own stem, with `_2`, `_3` …
/// added when two inputs in different folders share a name (or differ only
/// in case, which Windows treats as the same file), so no output overwrites
/// another. Assigned in input order, hence the same on every run.
pub fn output_stems(inputs: &[PathBuf]) -> Vec<String> {
    let mut taken = HashSet::new();
    inputs
        .iter()
        .map(|input| {
            let stem = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "input".into());
            let mut candidate = stem.clone();
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}_{n}");
            }
            candidate
        })
        .collect()
}

/// Refuse to start when an output would overwrite an input.
pub fn guard_inputs(
    inputs: &[PathBuf],
    stems: &[String],
    out_dir: &Path,
    summary: &Path,
) -> Result<(), String> {
    // Usually no output exists yet, and then nothing can clash.
    let present: Vec<(PathBuf, PathBuf)> = stems
        .iter()
        .flat_map(|s| {
            [
                ".checked.xlsx",
                ".checked.xlsm",
                ".checked.docx",
                ".findings.json",
            ]
            .map(|x| out_dir.join(format!("{s}{x}")))
        })
        .chain([summary.to_path_buf()])
        .filter_map(|out| Some((out.canonicalize().ok()?, out)))
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    let existing: HashSet<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    match present.iter().find(|(c, _)| existing.contains(c)) {
        Some((_, out)) => Err(format!(
            "输出文件会覆盖输入文件 {}，请换一个输出文件夹",
            out.display()
        )),
        None => Ok(()),
    }
}
