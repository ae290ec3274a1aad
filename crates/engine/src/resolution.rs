//! Cross-document entity resolution at ingest time: which stored entity each mention of a new
//! document refers to. (Owned by the resolution work of issue 5.)

use crate::{Engine, EngineError};
use doc::Document;
use store::EntityLinks;

impl Engine {
    /// The entity links for a document about to be stored.
    pub(crate) fn links_for(&self, doc: &Document) -> Result<EntityLinks, EngineError> {
        Ok(EntityLinks::simple(doc))
    }
}
