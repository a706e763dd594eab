//! `toegang new <municipality>`: the first version of a municipality's rule set, from the national
//! table. It decides nothing yet, so every provision falls back to the national frame, and its
//! cases pass; the comments lead a rule set author from there. Nothing local is filled in: the
//! name and code come from the CBS table, everything else is for the author to source.

use crate::catalogue;
use crate::error::{Error, Result};
use crate::registry::Municipality;
use crate::ruleset::{RuleSetSource, Source};
use chrono::{Datelike, NaiveDate};

/// What a new rule set starts from.
pub struct Scaffold<'a> {
    /// The municipality from the national table: its name and CBS code go into the new files.
    pub municipality: &'a Municipality,
    /// The first day the rules are for; the version runs to the end of that year.
    pub valid_from: NaiveDate,
    /// Today: the rule set was "checked" on the day it was made, from the national table.
    pub today: NaiveDate,
    /// The national table's source for the name and the CBS code.
    pub table_source: Option<&'a Source>,
}

/// The first day of a new rule set: the date given as `YYYY-MM-DD`, or 1 January of `today`'s year.
pub fn first_day(from: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    match from {
        None => Ok(NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today)),
        Some(text) => crate::dates::parse(text).ok_or_else(|| {
            Error::input(
                "--from",
                format!("`{text}` is not a date: write it as YYYY-MM-DD"),
            )
        }),
    }
}

impl Scaffold<'_> {
    /// Makes `<rules_dir>/<id>/` with the three files and returns that folder. It never writes
    /// over anything: an existing folder is an error and nothing is written.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn write(&self, rules_dir: &std::path::Path) -> Result<std::path::PathBuf> {
        let files = self.files()?;
        let dir = rules_dir.join(&self.municipality.id);
        let failed = |what: &str, e: std::io::Error| Error::RuleSetFile {
            file: dir.display().to_string(),
            message: format!("{what}: {e}"),
        };
        std::fs::create_dir_all(rules_dir).map_err(|e| failed("cannot make its parent", e))?;
        std::fs::create_dir(&dir).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::RuleSetFile {
                file: dir.display().to_string(),
                message: "already exists: nothing was written".into(),
            },
            _ => failed("cannot make it", e),
        })?;
        let cases = files.cases.as_deref().unwrap_or_default();
        for (name, text) in [
            ("ruleset.toml", files.metadata.as_str()),
            ("rules.rhai", files.script.as_str()),
            ("cases.toml", cases),
        ] {
            std::fs::write(dir.join(name), text).map_err(|e| failed(name, e))?;
        }
        Ok(dir)
    }

    /// The three files of the new folder, checked for what a municipality can be given.
    pub fn files(&self) -> Result<RuleSetSource> {
        let m = self.municipality;
        if m.has_rule_set {
            return Err(input(format!(
                "{} already has a rule set (`toegang list`); for a new version copy its folder, give it the next `valid_from` and the same id",
                m.name
            )));
        }
        if !m.exists_on(self.valid_from) {
            return Err(input(format!(
                "{} exists {}, not on {}",
                m.name,
                m.period(),
                self.valid_from
            )));
        }
        Ok(RuleSetSource {
            dir: format!("rules/{}", m.id),
            metadata: self.ruleset_toml(),
            script: self.rules_rhai(),
            cases: Some(self.cases_toml()),
            case_count: None,
            content_hash: None,
        })
    }

    /// The last day of this version: the end of its first year, or the day a merger ends the
    /// municipality.
    fn valid_to(&self) -> NaiveDate {
        let end_of_year =
            NaiveDate::from_ymd_opt(self.valid_from.year(), 12, 31).unwrap_or(self.valid_from);
        match self.municipality.valid_to {
            Some(to) if to < end_of_year => to,
            _ => end_of_year,
        }
    }

    fn ruleset_toml(&self) -> String {
        let m = self.municipality;
        let id = &m.id;
        let source = match self.table_source {
            Some(s) => format!(
                "[[sources]]                     # the name and the CBS code above\nid = {}\ntitle = {}\nurl = {}\nseen = \"{}\"\nstatus = {}\n",
                quote(&s.id),
                quote(&s.title),
                quote(s.url.as_deref().unwrap_or_default()),
                s.seen,
                serde_json::to_string(&s.status).unwrap_or_default(),
            ),
            None => String::new(),
        };
        format!(
            r#"# {name}: the rules for the Wmo, the Jeugdwet and debt help. Made by `toegang new` on {today}.
#
# What to do, step by step (rules/README.md explains each one):
#  1. Read the municipality's Wmo-verordening, its beleidsregels and the pages of its desk
#     (wijkteam, loket, CJG). Add each one under [[sources]] below, with the day you read it.
#  2. Add the doors residents use as [parties.…], with only published phone numbers and websites.
#  3. Write the rules in rules.rhai and a case for each in cases.toml.
#  4. Run `toegang check rules/{id}` until every case passes; its table shows which provisions
#     the municipality now decides.
id = "{id}"
name = {name_q}
cbs_code = "{code}"
version = "{year}.1"
valid_from = "{from}"
valid_to = "{to}"           # the last day you checked the rules for
checked_on = "{today}"      # the day you last checked them against the sources
summary = {{ nl = {summary_nl}, en = {summary_en} }}
# What holds for the whole rule set but rests on no source; the advice shows it.
assumptions = []

{source}
# [[sources]]
# id = "{id}-verordening"
# title = "{name}: Verordening maatschappelijke ondersteuning"
# url = "https://lokaleregelgeving.overheid.nl/…"
# seen = "{today}"
# status = "verified"             # verified | verified_dated | legal_knowledge | assumption

# [parties.gemeente]              # named in rules.rhai with .via("gemeente")
# name = "Gemeente {name}"
# kind = "municipality"           # municipality | wijkteam | cjg | social_work | welfare | loket |
#                                 # provider | client_support | central_municipality
# phone = "…"                     # only published details; leave a field out if unknown
# web = "…"

# [client_support]                # who gives free independent client support, once published
# party = "…"
"#,
            name = m.name,
            name_q = quote(&m.name),
            code = m.cbs_code,
            year = self.valid_from.year(),
            from = self.valid_from,
            to = self.valid_to(),
            today = self.today,
            summary_nl = quote(&format!(
                "De regels van {} zijn nog niet ingevuld. Tot dan geldt wat de wet in elke gemeente vastlegt.",
                m.name
            )),
            summary_en = quote(&format!(
                "The rules of {} have not been filled in yet. Until then, what the law fixes in every municipality applies.",
                m.name
            )),
        )
    }

    fn rules_rhai(&self) -> String {
        let m = self.municipality;
        let provisions: String = catalogue::catalogue()
            .iter()
            .filter(|p| !p.needs.is_empty())
            .map(|p| {
                let needs: Vec<_> = p.needs.iter().map(|n| n.id()).collect();
                format!("//   {:<26} {} ({})\n", p.id, p.name.nl, needs.join(", "))
            })
            .collect();
        format!(
            r#"// {name}: made by `toegang new` on {today}.
//
// This script decides nothing yet, so every provision falls back to the national frame: a
// resident reads what holds in every municipality (the right to a melding and an onderzoek, free
// client support, the terms, a PGB, the contribution) and is sent to the municipality's desk.
// `toegang check rules/{id}` shows per provision whether this script decides it.
//
// The national frame (rules/baseline/rules.rhai) runs after this script and already decides what
// national law decides: a Wlz indication goes first, personal care goes to the health insurer, a
// PGB for every maatwerkvoorziening, the subscription rate and who pays none. Do not repeat it here.
//
// Start with the maatwerk door, once the verordening and the desk are in ruleset.toml. Remove the
// `//` in front of these lines and write your own sentences and sources:
//
// const PROCES = "{name}: Wmo-ondersteuning aanvragen (bron: {id}-verordening)";
//
// for id in ["huishoudelijke_hulp", "woningaanpassing", "rolstoel", "scootmobiel",
//            "collectief_vervoer", "begeleiding_individueel", "dagbesteding"] {{
//     decision_required(id)
//         .via("gemeente")
//         .basis("verordening", PROCES)
//         .because("maatwerk-{id}",
//             "Dit is een voorziening op maat. U praat met de gemeente en de gemeente neemt een besluit.",
//             "This is a tailored provision. You talk with the municipality and it decides.");
// }}
//
// Then what residents can walk into without a decision (algemene voorzieningen), each with its
// door and cost as published, for example:
//
// open_access("ontmoeting").via("welzijn").cost_free()
//     .basis("beleidsregel", "{name}: ontmoeting in de wijk (bron: …)")
//     .because("ontmoeting-vrij", "U kunt zonder besluit meedoen.", "You can join without a decision.");
//
// The provisions, with the needs they serve (`toegang catalogue` lists them too):
{provisions}"#,
            name = m.name,
            id = m.id,
            today = self.today,
        )
    }

    fn cases_toml(&self) -> String {
        format!(
            r#"# {name}: cases. Each is a resident and the route you expect for every provision in the advice.
# Run them with `toegang check rules/{id}`.
reference_date = "{from}"

[[case]]
name = "Iemand van 80 vraagt hulp bij wassen en aankleden"
situation = {{ age = 80, needs = ["personal_care"] }}
# National law decides this one, whatever the municipality writes: the health insurer.
expect.persoonlijke_verzorging = {{ route = "elsewhere", elsewhere = "zvw" }}

[[case]]
name = "Alleenwonende van 80 kan het huishouden niet meer doen"
situation = {{ age = 80, mobility = "walks_with_difficulty", needs = ["household_tasks"] }}
# No rule decides household help yet: the resident is sent to the municipality's desk. Once you
# write that rule this case fails; then expect what you wrote, e.g.
# expect.huishoudelijke_hulp = {{ route = "decision_required", via = "gemeente" }}
expect = {{}}
unmet = ["household_tasks"]
"#,
            name = self.municipality.name,
            id = self.municipality.id,
            from = self.valid_from,
        )
    }
}

fn input(message: String) -> Error {
    Error::Input {
        path: "municipality".into(),
        message,
    }
}

/// A TOML string: JSON's quoting is valid TOML for any text.
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::engine::CompiledRuleSet;
    use crate::Registry;

    fn day(text: &str) -> NaiveDate {
        crate::dates::parse(text).unwrap()
    }

    fn scaffold_of(registry: &Registry, query: &str) -> Result<RuleSetSource> {
        Scaffold {
            municipality: registry.municipality(query)?,
            valid_from: day("2027-01-01"),
            today: day("2026-11-25"),
            table_source: registry.table().sources.first(),
        }
        .files()
    }

    #[test]
    fn a_new_municipality_compiles_and_its_cases_pass() {
        let registry = Registry::bundled().unwrap();
        let source = scaffold_of(&registry, "Zwolle").unwrap();
        let rule_set = CompiledRuleSet::compile(source).unwrap();
        assert_eq!(rule_set.id(), "zwolle");
        assert_eq!(rule_set.metadata.cbs_code.as_deref(), Some("GM0193"));
        assert_eq!(rule_set.metadata.valid_to, Some(day("2027-12-31")));
        let results = crate::authoring::cases::run(&rule_set, registry.baseline()).unwrap();
        assert_eq!(results.len(), 2);
        assert!(results.iter().all(|r| r.passed()), "{results:?}");
    }

    #[test]
    fn a_new_municipality_decides_nothing_yet() {
        let registry = Registry::bundled().unwrap();
        let rule_set = CompiledRuleSet::compile(scaffold_of(&registry, "GM0193").unwrap()).unwrap();
        let population = crate::compare::population::Population::new(200, 1);
        let coverage =
            crate::authoring::coverage::measure(&rule_set, registry.baseline(), population.iter())
                .unwrap();
        assert!(coverage.iter().all(|c| c.municipal == 0));
    }

    /// Removes the `// ` or `# ` in front of the lines from `first` up to `last`, as the guide
    /// asks an author to do.
    fn uncomment(text: &str, marker: &str, first: &str, last: &str) -> String {
        let mut inside = false;
        let mut out = String::new();
        for line in text.lines() {
            let start = line.starts_with(&format!("{marker} {first}"));
            inside |= start;
            let stripped = line
                .strip_prefix(marker)
                .map(|l| l.strip_prefix(' ').unwrap_or(l));
            match stripped {
                Some(code) if inside => out.push_str(code),
                _ => out.push_str(line),
            }
            out.push('\n');
            if inside && line.starts_with(&format!("{marker} {last}")) {
                inside = false;
            }
        }
        out
    }

    #[test]
    fn the_commented_maatwerk_example_works_once_uncommented() {
        let registry = Registry::bundled().unwrap();
        let mut source = scaffold_of(&registry, "Zwolle").unwrap();
        source.script = uncomment(&source.script, "//", "const PROCES", "}");
        source.metadata = uncomment(&source.metadata, "#", "[[sources]]", "web");
        let rule_set = CompiledRuleSet::compile(source).unwrap();
        let population = crate::compare::population::Population::new(400, 1);
        let coverage =
            crate::authoring::coverage::measure(&rule_set, registry.baseline(), population.iter())
                .unwrap();
        let household = coverage
            .iter()
            .find(|c| c.provision == "huishoudelijke_hulp");
        assert_eq!(
            household.unwrap().decided_by(),
            crate::authoring::coverage::DecidedBy::Municipality
        );
        // The household-help case now fails, as the comment above it says it will.
        let results = crate::authoring::cases::run(&rule_set, registry.baseline()).unwrap();
        let failed: Vec<_> = results.iter().filter(|r| !r.passed()).collect();
        assert_eq!(failed.len(), 1);
        assert!(failed[0].case.contains("huishouden"));
    }

    #[test]
    fn a_municipality_with_a_rule_set_is_not_scaffolded_again() {
        let registry = Registry::bundled().unwrap();
        let error = scaffold_of(&registry, "hardenberg").unwrap_err();
        assert_eq!(error.code(), "input");
        assert!(
            error.to_string().contains("already has a rule set"),
            "{error}"
        );
    }

    #[test]
    fn names_with_quotes_stay_valid_toml() {
        let registry = Registry::bundled().unwrap();
        // CBS writes 's-Hertogenbosch with an apostrophe.
        let source = scaffold_of(&registry, "GM0796").unwrap();
        let rule_set = CompiledRuleSet::compile(source).unwrap();
        assert_eq!(rule_set.metadata.name, "'s-Hertogenbosch");
    }
}
