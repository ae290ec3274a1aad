//! Cross-document entity resolution, pure: name keys for blocking, in-document grouping of
//! name variants, and the decision that links a document's names to stored entities, each with
//! a human-readable reason.
//!
//! Nothing here reads a database or a file: the store hands in [`Candidate`]s found by the keys
//! computed here ([`name_key`], [`surname_key`], [`acronym_of`]), and [`decide`] says which one a
//! name joins, or that it is a new entity, and why.

mod decide;
mod group;
mod keys;

pub use decide::{Candidate, Decision, NameGroup, decide, pick_by_context};
pub use group::group_names;
pub use keys::{
    NameKeys, acronym_of, as_acronym, better_canonical, clean_name, display_name, fold, given_keys,
    given_names_compatible, is_surname_only, is_well_formed, name_key, surname_key,
};
