//! Runtime APIs: what the node and RPC clients may ask the runtime.

use alloc::vec::Vec;
use frame_support::genesis_builder_helper::{build_state, get_preset};
use sp_api::impl_runtime_apis;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

/// Named by the benchmark list only (no runtime API of its own: wallets read its storage).
#[cfg(feature = "runtime-benchmarks")]
use crate::AccountRecovery;
use crate::{
	AccountId, Babe, Balance, Block, Consortium, Crystals, Executive, Grandpa, InherentDataExt,
	MileageMining, MineBoxes, Nonce, Redemptions, Runtime, RuntimeGenesisConfig, SessionKeys,
	Stones, System, ValidatorSet, Vehicles, BABE_GENESIS_EPOCH_CONFIG, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_babe::BabeApi<Block> for Runtime {
		fn configuration() -> sp_consensus_babe::BabeConfiguration {
			let epoch_config = Babe::epoch_config().unwrap_or(BABE_GENESIS_EPOCH_CONFIG);
			sp_consensus_babe::BabeConfiguration {
				slot_duration: Babe::slot_duration(),
				epoch_length: crate::EPOCH_DURATION_IN_SLOTS,
				c: epoch_config.c,
				authorities: Babe::authorities().to_vec(),
				randomness: Babe::randomness(),
				allowed_slots: epoch_config.allowed_slots,
			}
		}

		fn current_epoch_start() -> sp_consensus_babe::Slot {
			Babe::current_epoch_start()
		}

		fn current_epoch() -> sp_consensus_babe::Epoch {
			Babe::current_epoch()
		}

		fn next_epoch() -> sp_consensus_babe::Epoch {
			Babe::next_epoch()
		}

		fn generate_key_ownership_proof(
			_slot: sp_consensus_babe::Slot,
			_authority_id: sp_consensus_babe::AuthorityId,
		) -> Option<sp_consensus_babe::OpaqueKeyOwnershipProof> {
			// Equivocation reporting is not enabled: `KeyOwnerProof = Void`.
			None
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_babe::EquivocationProof<<Block as BlockT>::Header>,
			_key_owner_proof: sp_consensus_babe::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: sp_consensus_grandpa::AuthorityId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// Equivocation reporting is not enabled: `KeyOwnerProof = Void`.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_stones::runtime_api::StonesApi<Block, AccountId, Balance> for Runtime {
		fn supply() -> pallet_stones::runtime_api::Supply<Balance> {
			Stones::supply()
		}

		fn equity_share(who: AccountId) -> pallet_stones::runtime_api::EquityShare<Balance> {
			Stones::equity_share(&who)
		}
	}

	impl pallet_redemptions::runtime_api::RedemptionsApi<Block, AccountId, Balance> for Runtime {
		fn catalog() -> Vec<(pallet_redemptions::ItemId, pallet_redemptions::ItemDetails<Balance>)> {
			Redemptions::catalog()
		}

		fn redemptions_of(
			who: AccountId,
		) -> Vec<(pallet_redemptions::RedemptionId, pallet_redemptions::Redemption<AccountId, Balance>)> {
			Redemptions::redemptions_of(&who)
		}
	}

	impl pallet_vehicles::runtime_api::VehiclesApi<Block, AccountId> for Runtime {
		fn vehicle(
			id: csop_primitives::VehicleId,
		) -> Option<pallet_vehicles::runtime_api::VehicleDetails<AccountId>> {
			Vehicles::vehicle_details(id)
		}

		fn vehicles_of(who: AccountId) -> Vec<csop_primitives::VehicleId> {
			Vehicles::vehicles_of(&who)
		}
	}

	impl pallet_mileage_mining::runtime_api::MileageMiningApi<Block, Balance> for Runtime {
		fn vehicle(
			id: csop_primitives::VehicleId,
		) -> Option<pallet_mileage_mining::runtime_api::VehicleMiningInfo<Balance>> {
			MileageMining::vehicle_info(&id)
		}

		fn schedule() -> pallet_mileage_mining::runtime_api::ScheduleInfo<Balance> {
			MileageMining::schedule_info()
		}

		fn check_reports(
			reports: Vec<(pallet_mileage_mining::MileageReport, csop_primitives::DeviceSignature)>,
		) -> Vec<Option<pallet_mileage_mining::RejectReason>> {
			MileageMining::check_reports(&reports)
		}
	}

	impl pallet_consortium::runtime_api::ConsortiumApi<Block, AccountId> for Runtime {
		fn account_status(who: AccountId) -> pallet_consortium::AccountStatus {
			Consortium::account_status(&who)
		}

		fn role_holders(role: pallet_consortium::Role) -> Vec<AccountId> {
			Consortium::holders(role)
		}

		fn rate_limits() -> Vec<(pallet_consortium::AccountClass, pallet_consortium::RateLimit)> {
			pallet_consortium::RateLimits::<Runtime>::iter().collect()
		}
	}

	impl crate::account_api::AccountApi<Block, AccountId, Balance> for Runtime {
		fn account(who: AccountId) -> crate::account_api::AccountSummary<Balance> {
			crate::account_api::summary(&who)
		}
	}

	impl pallet_validator_set::runtime_api::ValidatorSetApi<Block, AccountId> for Runtime {
		fn validators() -> Vec<AccountId> {
			ValidatorSet::validators()
		}

		fn planned() -> Vec<AccountId> {
			ValidatorSet::planned()
		}
	}

	impl pallet_crystals::runtime_api::CrystalsApi<Block, AccountId> for Runtime {
		fn crystals(who: AccountId) -> pallet_crystals::CrystalAmount {
			Crystals::crystals(&who)
		}

		fn activity_rules() -> Vec<(pallet_crystals::Activity, pallet_crystals::ActivityRule)> {
			Crystals::activity_rules()
		}

		fn awards_today(who: AccountId) -> Vec<(pallet_crystals::Activity, u32)> {
			Crystals::awards_today(&who)
		}
	}

	impl pallet_mine_boxes::runtime_api::MineBoxesApi<Block, AccountId, crate::Hash, Balance, crate::BlockNumber> for Runtime {
		fn box_types() -> Vec<(pallet_mine_boxes::BoxTypeId, pallet_mine_boxes::BoxTypeDetails<Balance>)> {
			MineBoxes::box_types()
		}

		fn odds(box_type: pallet_mine_boxes::BoxTypeId) -> Option<pallet_mine_boxes::runtime_api::BoxOdds<Balance>> {
			MineBoxes::odds(box_type)
		}

		fn mine_box(id: pallet_mine_boxes::BoxId) -> Option<pallet_mine_boxes::MineBoxOf<Runtime>> {
			pallet_mine_boxes::Boxes::<Runtime>::get(id)
		}

		fn pending_boxes(who: AccountId) -> Vec<(pallet_mine_boxes::BoxId, pallet_mine_boxes::MineBoxOf<Runtime>)> {
			MineBoxes::pending_boxes(&who)
		}

		fn pity_of(who: AccountId) -> Vec<(pallet_mine_boxes::BoxTypeId, u32)> {
			MineBoxes::pity_of(&who)
		}

		fn rights_of(who: AccountId) -> Vec<(pallet_mine_boxes::RightId, u32)> {
			MineBoxes::rights_of(&who)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use crate::{
				session_rotation::benchmarking::Pallet as SessionRotationBench,
				signature_check::benchmarking::Pallet as SignatureCheckBench,
				ConsortiumCollective, ConsortiumMembership,
			};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, crate::AllPalletsWithSystem::storage_info())
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use sp_storage::TrackedStorageKey;
			use crate::{
				session_rotation::benchmarking::Pallet as SessionRotationBench,
				signature_check::benchmarking::Pallet as SignatureCheckBench,
				ConsortiumCollective, ConsortiumMembership,
			};


			let mut whitelist: Vec<TrackedStorageKey> =
				crate::AllPalletsWithSystem::whitelisted_storage_keys();
			// Read by every mileage report and paid for once per block: the time, written by
			// every block's timestamp inherent, and the genesis hash, charged by the mileage
			// mining pallet's `on_initialize` (`hot_values_weight`).
			whitelist.push(pallet_timestamp::Now::<Runtime>::hashed_key().to_vec().into());
			whitelist.push(frame_system::BlockHash::<Runtime>::hashed_key_for(0).into());
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(
			checks: frame_try_runtime::UpgradeCheckSelect,
		) -> (frame_support::weights::Weight, frame_support::weights::Weight) {
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> frame_support::weights::Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select).unwrap()
		}
	}
}
