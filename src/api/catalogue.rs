//! The national vocabulary as one document: what `toegang catalogue` prints and what a form
//! builder loads.

use crate::catalogue::{self, Need, OtherRoute, Provision, Text};
use serde::Serialize;

/// A need a resident can ask about, with its Dutch and English name.
#[derive(Debug, Clone, Serialize)]
pub struct NeedName {
    /// The catalogue id (`household_tasks`).
    pub id: &'static str,
    /// What a resident reads.
    pub name: Text,
}

/// A route outside the municipality (health insurer, Wlz, …), with its description.
#[derive(Debug, Clone, Serialize)]
pub struct OtherRouteName {
    /// What a resident reads.
    pub description: Text,
    /// The catalogue id (`zvw`).
    pub id: &'static str,
}

/// The needs, the other routes and the provisions (fields in the order `toegang catalogue` has
/// always printed them).
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueDocument {
    /// Every need, in the order a form asks them.
    pub needs: Vec<NeedName>,
    /// Every route outside the municipality.
    pub other_routes: Vec<OtherRouteName>,
    /// Every provision the rules can advise on.
    pub provisions: &'static [Provision],
}

/// The needs a resident can ask about, in form order.
pub fn needs() -> Vec<NeedName> {
    Need::ALL
        .iter()
        .map(|n| NeedName {
            id: n.id(),
            name: n.name(),
        })
        .collect()
}

/// The whole national catalogue.
pub fn catalogue_document() -> CatalogueDocument {
    CatalogueDocument {
        needs: needs(),
        other_routes: OtherRoute::ALL
            .iter()
            .map(|r| OtherRouteName {
                id: r.id(),
                description: r.description(),
            })
            .collect(),
        provisions: catalogue::catalogue(),
    }
}
