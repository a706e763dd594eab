//! Every municipality the registry knows, found by id, CBS code, name or place: the national
//! table joined with the rule sets, so `GM0160`, `hardenberg`, `Hardenberg` and `Gramsbergen` all
//! lead to the same municipality, and `Zwolle` to one without a rule set (the national frame).

use crate::advice::MunicipalityRef;
use crate::municipalities::{fold, id_for, normalize_cbs_code, Contact, MunicipalityTable};
use crate::ruleset::published::IndexEntry;
use crate::script::engine::CompiledRuleSet;
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

/// A municipality, with or without a rule set.
#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    /// The rule set's id where there is one, else the name folded (`zwolle`).
    pub id: String,
    /// The name residents use: the rule set's where there is one (`Den Haag`), else the CBS name.
    pub name: String,
    /// The CBS code, `GM` and four digits.
    pub cbs_code: String,
    /// From the national table; `None` for a draft's municipality the table lacks.
    pub province: Option<String>,
    /// Whether toegang has a rule set of this municipality; without one the national frame answers.
    pub has_rule_set: bool,
    /// The first day of a municipality a merger formed; `None`: it existed before the table's first
    /// year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    /// The last day before a merger ended it; `None`: it still exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// Its general contact (phone, website) where a source confirmed it; `None`: unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Folded forms of the name, the id and other names, for matching.
    #[serde(skip)]
    keys: Vec<String>,
    /// The places in it, as written and folded, then the former municipalities it took in that
    /// are not also a place.
    #[serde(skip)]
    places: Vec<(String, String)>,
    /// The former municipalities it took in, with the first day they were part of it.
    #[serde(skip)]
    formerly: Vec<(String, NaiveDate)>,
    /// How many of `places` are places (woonplaatsen); the rest are former municipalities only.
    #[serde(skip)]
    real_places: usize,
}

impl Municipality {
    /// Whether the municipality existed on `date`; advice for any other date is refused.
    pub fn exists_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }

    /// The period the municipality exists, for errors.
    pub fn period(&self) -> String {
        match (self.valid_from, self.valid_to) {
            (Some(from), Some(to)) => format!("{from} to {to}"),
            (Some(from), None) => format!("from {from}"),
            (None, Some(to)) => format!("up to {to}"),
            (None, None) => "always".into(),
        }
    }

    /// The municipality as an advice names it.
    pub fn reference(&self) -> MunicipalityRef {
        MunicipalityRef {
            id: self.id.clone(),
            name: self.name.clone(),
            cbs_code: self.cbs_code.clone(),
            province: self.province.clone(),
            contact: self.contact.clone(),
        }
    }
}

/// What the advice says about the municipality of a rule set run on its own (cases, drafts).
pub(crate) fn reference_of(rule_set: &CompiledRuleSet) -> MunicipalityRef {
    let m = &rule_set.metadata;
    MunicipalityRef {
        id: m.id.clone(),
        name: m.name.clone(),
        cbs_code: m.cbs_code.clone().unwrap_or_default(),
        province: None,
        contact: None,
    }
}

/// One municipality found for what a resident typed.
#[derive(Debug, Clone)]
pub struct SearchHit {
    /// The municipality found.
    pub municipality: Municipality,
    /// The place (woonplaats) that matched, when the match was a place in this municipality, or
    /// the former municipality that became (part of) it.
    pub place: Option<String>,
    /// When `place` names a former municipality: the first day it was part of this one.
    pub former_since: Option<NaiveDate>,
}

/// Written as the municipality's fields plus `place` (by hand: serde's `flatten` would weigh on
/// the wasm module's size budget).
impl Serialize for SearchHit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let m = &self.municipality;
        let mut hit = serializer.serialize_struct("SearchHit", 7)?;
        hit.serialize_field("id", &m.id)?;
        hit.serialize_field("name", &m.name)?;
        hit.serialize_field("cbs_code", &m.cbs_code)?;
        hit.serialize_field("province", &m.province)?;
        hit.serialize_field("has_rule_set", &m.has_rule_set)?;
        hit.serialize_field("place", &self.place)?;
        hit.serialize_field("former_since", &self.former_since)?;
        hit.end()
    }
}

/// What the directory needs of a rule set, loaded or only published: its id, name and code.
struct Listed<'a> {
    id: &'a str,
    name: &'a str,
    cbs_code: Option<&'a str>,
}

/// The table's municipalities (with their rule sets' ids and names, loaded or published), then
/// rule sets the table lacks.
pub(crate) fn directory(
    table: &MunicipalityTable,
    rule_sets: &[CompiledRuleSet],
    published: &[IndexEntry],
) -> Arc<[Municipality]> {
    let loaded = rule_sets.iter().map(|r| Listed {
        id: &r.metadata.id,
        name: &r.metadata.name,
        cbs_code: r.metadata.cbs_code.as_deref(),
    });
    let listed: Vec<Listed> = loaded
        .chain(published.iter().map(|e| Listed {
            id: &e.id,
            name: &e.name,
            cbs_code: e.cbs_code.as_deref(),
        }))
        .collect();
    let rule_set_of = |code: &str| listed.iter().find(|r| r.cbs_code == Some(code));
    let mut all: Vec<Municipality> = table
        .municipalities
        .iter()
        .map(|record| {
            let rule_set = rule_set_of(&record.code);
            let id = rule_set.map_or_else(|| id_for(&record.name), |r| r.id.to_string());
            let mut names: Vec<&str> = vec![&record.name, &id];
            names.extend(record.also_known_as.iter().map(String::as_str));
            names.extend(rule_set.map(|r| r.name));
            Municipality {
                keys: keys(&names),
                id,
                // A rule set names its municipality as residents say it (`Den Haag`).
                name: rule_set
                    .map_or(record.name.as_str(), |r| r.name)
                    .to_string(),
                cbs_code: record.code.clone(),
                province: Some(record.province.clone()),
                has_rule_set: rule_set.is_some(),
                valid_from: record.valid_from,
                valid_to: record.valid_to,
                contact: record.contact.clone(),
                places: places_and_former(record),
                real_places: record.places.len(),
                formerly: record
                    .formerly
                    .iter()
                    .map(|f| (f.name.clone(), f.since))
                    .collect(),
            }
        })
        .collect();
    for rule_set in &listed {
        // A draft may carry its municipality's code under an id of its own: it is listed too.
        if !all.iter().any(|known| known.id == rule_set.id) {
            all.push(Municipality {
                keys: keys(&[rule_set.name, rule_set.id]),
                id: rule_set.id.to_string(),
                name: rule_set.name.to_string(),
                cbs_code: rule_set.cbs_code.unwrap_or_default().to_string(),
                province: None,
                has_rule_set: true,
                valid_from: None,
                valid_to: None,
                contact: None,
                places: vec![],
                formerly: vec![],
                real_places: 0,
            });
        }
    }
    all.into()
}

/// The record's places, then its former municipalities that are not also a place (Langedijk; but
/// Heerhugowaard is one), as written and folded: a resident finds either the same way.
fn places_and_former(record: &crate::municipalities::MunicipalityRecord) -> Vec<(String, String)> {
    let mut places: Vec<(String, String)> =
        record.places.iter().map(|p| (p.clone(), fold(p))).collect();
    for former in &record.formerly {
        let folded = fold(&former.name);
        if !places.iter().any(|(_, known)| *known == folded) {
            places.push((former.name.clone(), folded));
        }
    }
    places
}

fn keys(names: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(names.len());
    for key in names.iter().map(|n| fold(n)) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Exactly the municipality meant: an id, a CBS code or a name.
pub(crate) fn lookup<'a>(all: &'a [Municipality], query: &str) -> Option<&'a Municipality> {
    if let Some(m) = all.iter().find(|m| m.id == query) {
        return Some(m);
    }
    if let Some(code) = normalize_cbs_code(query) {
        return all.iter().find(|m| m.cbs_code == code);
    }
    let folded = fold(query);
    all.iter().find(|m| m.keys.contains(&folded))
}

/// Up to five ids whose names are close to what was asked, for an unknown-municipality error.
pub(crate) fn suggestions(all: &[Municipality], query: &str) -> Vec<String> {
    let folded = fold(query);
    let most = (folded.len() / 3).max(2);
    let distances: Vec<usize> = all
        .iter()
        .map(|m| {
            m.keys
                .iter()
                .map(|k| {
                    if !folded.is_empty() && k.starts_with(&folded) {
                        0
                    } else {
                        crate::catalogue::edit_distance(&folded, k)
                    }
                })
                .min()
                .unwrap_or(usize::MAX)
        })
        .collect();
    // Closest first, in table order within a distance (no sort: it would weigh on the wasm size).
    let mut ids = Vec::new();
    for d in 0..=most {
        for (m, _) in all.iter().zip(&distances).filter(|(_, &m)| m == d) {
            if ids.len() < 5 {
                ids.push(m.id.clone());
            }
        }
    }
    ids
}

/// How well a municipality matches what was typed: lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    Name,
    Place,
    /// Exactly the name of a former municipality that became (part of) this one.
    Former,
    NamePrefix,
    PlacePrefix,
    NameWord,
}

/// Municipalities matching what a resident typed, by name, place or code, best first.
pub(crate) fn search(all: &[Municipality], query: &str, limit: usize) -> Vec<SearchHit> {
    let q = fold(query);
    if q.is_empty() {
        return vec![];
    }
    if let Some(code) = normalize_cbs_code(query).filter(|_| query.trim().len() >= 4) {
        return all
            .iter()
            .filter(|m| m.cbs_code == code)
            .map(|m| SearchHit {
                municipality: m.clone(),
                place: None,
                former_since: None,
            })
            .collect();
    }
    let mut hits: Vec<(Match, &Municipality, Option<&str>)> = Vec::new();
    // Best kind of match first, in table (CBS code) order within a kind.
    for m in all {
        let by_name = m.keys.iter().filter_map(|k| name_match(k, &q)).min();
        // A former municipality that is not also a place ranks after the places: the village
        // Haaren is in Oisterwijk, though the former municipality went to four.
        let by_place = m
            .places
            .iter()
            .enumerate()
            .filter_map(|(i, (place, folded))| {
                let kind = match place_match(folded, &q)? {
                    Match::Place if i >= m.real_places => Match::Former,
                    kind => kind,
                };
                Some((kind, place.as_str()))
            })
            .min();
        let best = match (by_name, by_place) {
            (Some(n), Some((p, place))) if p < n => Some((p, Some(place))),
            (Some(n), _) => Some((n, None)),
            (None, Some((p, place))) => Some((p, Some(place))),
            (None, None) => None,
        };
        if let Some((kind, place)) = best {
            hits.push((kind, m, place));
        }
    }
    let mut found = Vec::new();
    for kind in Match::ALL {
        for (_, m, place) in hits.iter().filter(|hit| hit.0 == kind) {
            if found.len() < limit {
                let former_since = place.and_then(|p| {
                    m.formerly
                        .iter()
                        .find(|(name, _)| name == p)
                        .map(|(_, since)| *since)
                });
                found.push(SearchHit {
                    municipality: (*m).clone(),
                    place: place.map(str::to_string),
                    former_since,
                });
            }
        }
    }
    found
}

impl Match {
    const ALL: [Match; 6] = [
        Match::Name,
        Match::Place,
        Match::Former,
        Match::NamePrefix,
        Match::PlacePrefix,
        Match::NameWord,
    ];
}

fn name_match(key: &str, q: &str) -> Option<Match> {
    if key == q {
        Some(Match::Name)
    } else if key.starts_with(q) {
        Some(Match::NamePrefix)
    } else if key.split(' ').any(|word| word.starts_with(q)) {
        Some(Match::NameWord)
    } else {
        None
    }
}

fn place_match(place: &str, q: &str) -> Option<Match> {
    if place == q {
        Some(Match::Place)
    } else if q.len() >= 3 && place.starts_with(q) {
        Some(Match::PlacePrefix)
    } else {
        None
    }
}
