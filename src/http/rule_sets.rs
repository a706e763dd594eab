//! The rule sets a server answers from, replaceable while it runs (`toegang serve --rules DIR`
//! reloads them on SIGHUP): each request takes the set that is current when it starts and keeps
//! it to its end, so a reload never changes an answer halfway and never fails a request.

use crate::error::Result;
use crate::registry::Registry;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// A shared, replaceable handle on the rule sets; clones share it.
#[derive(Clone)]
pub struct RuleSets(Arc<RwLock<Arc<Registry>>>);

impl RuleSets {
    /// Answers from `registry` until it is replaced.
    pub fn new(registry: Arc<Registry>) -> Self {
        RuleSets(Arc::new(RwLock::new(registry)))
    }

    /// The rule sets new requests are answered from.
    pub fn current(&self) -> Arc<Registry> {
        // A writer only swaps an Arc, so a poisoned lock still holds a whole registry.
        match self.0.read() {
            Ok(current) => current.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Answers new requests from `registry`; requests under way finish on the old one.
    pub fn replace(&self, registry: Arc<Registry>) {
        match self.0.write() {
            Ok(mut current) => *current = registry,
            Err(poisoned) => *poisoned.into_inner() = registry,
        }
    }

    /// Reads the published rule sets in `dir` again and answers new requests from them, or, if
    /// any file there is missing, malformed or tampered with, keeps the current ones and says why.
    pub fn reload(&self, dir: &Path) -> Result<()> {
        let registry = Registry::from_published(dir)?;
        self.replace(Arc::new(registry));
        Ok(())
    }
}

impl From<Arc<Registry>> for RuleSets {
    fn from(registry: Arc<Registry>) -> Self {
        RuleSets::new(registry)
    }
}
