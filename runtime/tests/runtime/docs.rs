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

/// `NAME = value` assignments of a Python script, the value with `_` separators removed.
fn python_constants(path: &Path) -> std::collections::BTreeMap<String, String> {
	std::fs::read_to_string(path)
		.unwrap()
		.lines()
		.filter_map(|line| {
			let (name, value) = line.split_once(" = ")?;
			let value = value.split('#').next()?.trim().replace('_', "");
			name.chars()
				.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
				.then(|| (name.to_string(), value))
		})
		.collect()
}

/// docs/economics.md's projection (scripts/emission.py, docs/emission.png) uses the runtime's
/// schedule and the genesis presets' box types.
#[test]
fn the_emission_projection_uses_the_runtime_constants() {
	use csop_runtime::{configs::*, genesis_config_presets::box_types, STONE};
	use pallet_mine_boxes::Treasure;
	let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/emission.py");
	let constants = python_constants(&script);
	let get = |name: &str| -> &str {
		constants.get(name).unwrap_or_else(|| panic!("emission.py sets {name}"))
	};
	let number = |name: &str| -> u128 { get(name).parse().unwrap() };
	assert_eq!(number("STONE"), STONE);
	assert_eq!(number("MILEAGE_MINING_CAP"), csop_runtime::MILEAGE_MINING_CAP / STONE);
	assert_eq!(number("CULTIVATION_CAP"), csop_runtime::CULTIVATION_CAP / STONE);
	let period_ms = RewardPeriod::get() as u64 * csop_runtime::MILLI_SECS_PER_BLOCK;
	assert_eq!(number("PERIOD_MINUTES") as u64 * 60_000, period_ms);
	assert_eq!(number("INITIAL_PERIOD_REWARD") * STONE, InitialPeriodReward::get());
	assert_eq!(number("HALVING_PERIOD"), HalvingPeriod::get() as u128);
	assert_eq!(number("CATCH_UP_PERIODS"), CatchUpPeriods::get() as u128);

	// The Starter box is the only genesis box type with stones.
	let boxes = box_types();
	let with_stones: Vec<_> = boxes
		.iter()
		.filter(|b| b.drops.iter().any(|d| matches!(d.treasure, Treasure::Stones(_))))
		.collect();
	assert_eq!(with_stones.len(), 1);
	let starter = with_stones[0];
	assert_eq!(Some(number("STARTER_BOX_DAILY_SUPPLY") as u32), starter.daily_supply);
	assert_eq!(Some(number("STARTER_BOX_PITY") as u32), starter.pity);
	let stones: Vec<String> = starter
		.drops
		.iter()
		.filter_map(|d| match d.treasure {
			Treasure::Stones(amount) => Some(format!(
				"({}, {}, {})",
				amount / STONE,
				d.ppm,
				if d.rare { "True" } else { "False" }
			)),
			_ => None,
		})
		.collect();
	assert_eq!(get("STARTER_BOX_STONES"), format!("[{}]", stones.join(", ")));
	let rare: u32 = starter.drops.iter().filter(|d| d.rare).map(|d| d.ppm).sum();
	let script_rare: u32 = get("STARTER_BOX_RARE_PPM")
		.split('+')
		.map(|t| t.trim().parse::<u32>().unwrap())
		.sum();
	assert_eq!(script_rare, rare);
}
