//! unspun: tell whether a news page is a copy or rewrite of an indexed
//! original, and of which one.
//!
//! The pipeline is text → fingerprint → index → match:
//! - [`text`] splits prose into sentences and normalised terms;
//! - [`fingerprint`] keeps each original sentence's most specific terms;
//! - [`index`] stores fingerprints and metadata in one checksummed buffer,
//!   read in place;
//! - [`matcher`] retrieves candidates and verifies them by sentence alignment.
//!
//! ```
//! let original = unspun::Article {
//!     url: "https://example.com/floods".into(),
//!     title: "Floods hit Newton Stewart".into(),
//!     source: "Example News".into(),
//!     published: unspun::index::parse_date("2015-12-07"),
//!     text: "The River Cree burst its banks and flooded Newton Stewart on Saturday. \
//!            Jeanette Tate said the Cinnamon Cafe on Victoria Street was badly damaged. \
//!            Repairs to the Lamington Viaduct will take until February, Network Rail said."
//!         .into(),
//! };
//! let bytes = unspun::index::build(&[original], 20_000);
//! let index = unspun::Index::from_bytes(&bytes).unwrap();
//! let page = "The Cree overflowed, flooding Newton Stewart on Saturday. \
//!             Tate's Cinnamon Cafe on Victoria Street was badly damaged, she said. \
//!             Network Rail said repairing the Lamington Viaduct will take until February.";
//! let verdict = unspun::check(&index, page, &unspun::Options::default());
//! assert_eq!(verdict.original.unwrap().source, "Example News");
//! ```

pub mod fingerprint;
pub mod index;
pub mod matcher;
mod stopwords;
pub mod text;
pub mod weights;

#[cfg(feature = "cli")]
pub mod corpus;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use index::{Article, Index, IndexError, Meta};
pub use matcher::{check, Evidence, Options, Passage, Sensitivity, Verdict, VerdictKind};

/// Convert a byte offset in `text` to a count of UTF-16 code units (a
/// JavaScript string index).
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].encode_utf16().count()
}

/// Convert a byte offset in `text` to a count of Unicode scalar values.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}
