//! The docs name only calls the runtime has: every `Pallet.call` written in backticks in the
//! README, docs/*.md and the pallets' READMEs, where `Pallet` is a pallet of this runtime and
//! `call` a snake_case name, is a call of that pallet. A renamed or removed call fails here with
//! the file and line that still names it.

use csop_runtime::RuntimeCall;
use frame_support::traits::GetCallMetadata;
use std::path::{Path, PathBuf};

/// The markdown files a reader of the project sees.
fn doc_files() -> Vec<PathBuf> {
	let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
	let mut files = vec![root.join("README.md")];
	let mut add = |dir: PathBuf, pick: &dyn Fn(&Path) -> Option<PathBuf>| {
		let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
			.unwrap()
			.filter_map(|e| pick(&e.unwrap().path()))
			.collect();
		found.sort();
		files.extend(found);
	};
	add(root.join("docs"), &|p| (p.extension()? == "md").then(|| p.to_path_buf()));
	add(root.join("pallets"), &|p| Some(p.join("README.md")).filter(|r| r.exists()));
	files
}

/// The `Pallet.call` spans of `line` (between backticks), with arguments cut off.
fn named_calls(line: &str) -> impl Iterator<Item = (&str, &str)> {
	line.split('`').skip(1).step_by(2).filter_map(|span| {
		let head = span.split(['(', ' ']).next()?;
		let (pallet, call) = head.split_once('.')?;
		let snake = !call.is_empty()
			&& call.starts_with(|c: char| c.is_ascii_lowercase())
			&& call.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
		snake.then_some((pallet, call))
	})
}

#[test]
fn every_call_the_docs_name_exists() {
	let pallets = RuntimeCall::get_module_names();
	let mut checked = 0;
	let mut missing = Vec::new();
	for file in doc_files() {
		let text = std::fs::read_to_string(&file).unwrap();
		for (n, line) in text.lines().enumerate() {
			for (pallet, call) in named_calls(line) {
				if !pallets.contains(&pallet) {
					continue;
				}
				checked += 1;
				if !RuntimeCall::get_call_names(pallet).contains(&call) {
					missing.push(format!("{}:{}: {pallet}.{call}", file.display(), n + 1));
				}
			}
		}
	}
	assert!(missing.is_empty(), "calls the docs name but the runtime does not have: {missing:#?}");
	assert!(checked >= 40, "the docs name calls as `Pallet.call`: only {checked} found");
}
