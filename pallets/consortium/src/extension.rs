//! [`CheckKnownSigner`]: the transaction extension that admits only signers known to the chain,
//! each within its class's call policy and rate limit.

use crate::{Config, Pallet, RateLimit, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	pallet_prelude::TransactionSource,
	DefaultNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, Dispatchable, PostDispatchInfoOf,
		TransactionExtension, ValidateResult,
	},
	transaction_validity::{TransactionValidityError, ValidTransaction},
	DispatchResult, Weight,
};

/// Admits a signed transaction only if its signer is known to the chain (a consortium member,
/// validator or role holder; a certified owner; a registered user), its class may make the
/// call ([`Config::SignerPolicy`]) and its class's rate limit leaves room in the current
/// window. Otherwise the pool refuses it, and so does block import:
/// - unknown signer: `InvalidTransaction::BadSigner`;
/// - a call the class may not make: `InvalidTransaction::Custom(CALL_NOT_ALLOWED)` (= 101);
/// - a call with more input than the class may give: `Custom(CALL_TOO_LARGE)` (= 102);
/// - window full: `InvalidTransaction::Custom(RATE_LIMITED)` (= 100).
///
/// Unsigned transactions, inherents and calls authorised by their pallet
/// (`frame_system::AuthorizeCall`, e.g. device-signed mileage reports) are not signed and pass
/// untouched, and the extension's weight is refunded for them. A transaction is counted against
/// the limit when it is included in a block.
///
/// Its weight also carries the signer's signature check ([`Config::SignatureWeights`]), so that
/// a runtime can leave that check out of the base weight every extrinsic pays: only signed
/// transactions make it.
///
/// It carries no data: clients encode it as nothing (metadata type `()`-like empty struct).
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckKnownSigner<T>(PhantomData<T>);

impl<T> CheckKnownSigner<T> {
	/// The extension (it has no parameters).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckKnownSigner<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckKnownSigner")
	}
}

/// What `validate` hands to `prepare`: the signer and its class's limit, if it has one.
pub enum Val<AccountId> {
	/// A signed transaction whose signer's class is rate-limited.
	Limited(AccountId, RateLimit),
	/// A signed transaction whose signer's class is not limited: nothing to count.
	Unlimited,
	/// Not a signed transaction (e.g. a device-signed mileage report): nothing was read, the
	/// whole weight is refunded.
	NotSigned(Weight),
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for CheckKnownSigner<T>
where
	<T as frame_system::Config>::RuntimeCall:
		Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	<T as frame_system::Config>::RuntimeOrigin: AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckKnownSigner";
	type Implicit = ();
	type Val = Val<T::AccountId>;
	/// The weight to refund after dispatch.
	type Pre = Weight;

	/// Its own checks, and the signer's signature check (the costliest key type's,
	/// [`Config::SignatureWeights`]); both are refunded to transactions that are not signed.
	fn weight(&self, _: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		use csop_primitives::SignatureWeights;
		<T as Config>::WeightInfo::check_known_signer()
			.saturating_add(T::SignatureWeights::costliest())
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		let Some(who) = origin.as_system_origin_signer() else {
			return Ok((ValidTransaction::default(), Val::NotSigned(self.weight(call)), origin));
		};
		let val = match Pallet::<T>::admit(who, call)? {
			(_, Some(limit)) => Val::Limited(who.clone(), limit),
			(_, None) => Val::Unlimited,
		};
		Ok((ValidTransaction::default(), val, origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &<T as frame_system::Config>::RuntimeOrigin,
		_call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		match val {
			Val::Limited(who, limit) => {
				Pallet::<T>::note_transaction(&who, &limit);
				Ok(Weight::zero())
			},
			Val::Unlimited => Ok(Weight::zero()),
			Val::NotSigned(weight) => Ok(weight),
		}
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_post_info: &PostDispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		Ok(pre)
	}
}
