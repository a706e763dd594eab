//! The national vocabulary: needs a resident can ask about, provisions a municipality can offer,
//! the laws they fall under and the other routes (another law or provider) that can go first.
//!
//! Rule sets may only speak in these ids. That is what makes municipalities comparable, and it is
//! why a misspelled id is a validation error before a rule set ever runs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A text in B1 Dutch with English alongside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Text {
    /// B1 Dutch: common words, short sentences. The default language.
    pub nl: String,
    /// The same text in English.
    pub en: String,
}

impl Text {
    /// A text from its Dutch and English version.
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The text in one language.
    pub fn in_lang(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// The languages every resident-facing text has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// B1 Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $id)] $variant),+ }

        impl $name {
            /// Every value, in the canonical order used for output.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable id used in JSON, rule scripts and case files.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// Looks up a value by its stable id.
            pub fn from_id(id: &str) -> Option<Self> {
                match id { $($id => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary! {
    /// What a resident asks help with.
    Need {
        /// Cleaning and other housework the resident can no longer do: household help.
        HouseholdTasks = "household_tasks",
        /// Washing, dressing and other personal care: wijkverpleging under the Zvw, not the
        /// municipality.
        PersonalCare = "personal_care",
        /// A change to the home, such as a stair lift or a walk-in shower.
        HomeAdaptation = "home_adaptation",
        /// A wheelchair for daily use.
        Wheelchair = "wheelchair",
        /// Getting about near home: a mobility scooter of one's own or from a pool.
        GettingAroundOutdoors = "getting_around_outdoors",
        /// Rides further away: Wmo transport, such as a regional taxi pass.
        Transport = "transport",
        /// Something to do in the daytime: day activities, or meeting places nearby.
        DaytimeActivities = "daytime_activities",
        /// One-to-one guidance (begeleiding) to keep daily life running.
        IndividualGuidance = "individual_guidance",
        /// Questions about raising children: parenting support under the Jeugdwet.
        Parenting = "parenting",
        /// Help for a child or young person, light or specialist, under the Jeugdwet.
        YouthHelp = "youth_help",
        /// Debts or a low income: debt help (Wgs), low-income schemes, help with paperwork.
        MoneyAndDebts = "money_and_debts",
        /// Post and paperwork at home.
        Administration = "administration",
        /// Loneliness, and meeting people nearby.
        Loneliness = "loneliness",
        /// A break for a mantelzorger: someone takes over the care for a while (respijtzorg).
        RespiteCare = "respite_care",
        /// Support for the resident as a mantelzorger, including the yearly carer appreciation.
        CarerSupport = "carer_support",
        /// Meals delivered at home.
        Meals = "meals",
        /// Beschermd wonen: housing with supervision, arranged by the centrumgemeente.
        ShelteredLiving = "sheltered_living",
        /// Personal problems to talk through with social work (maatschappelijk werk).
        PersonalProblems = "personal_problems",
        /// A place to sleep for someone without a home: maatschappelijke opvang.
        Shelter = "shelter",
    }
}

vocabulary! {
    /// The law a provision falls under.
    Law {
        /// Wet maatschappelijke ondersteuning 2015: support to live at home and take part.
        Wmo2015 = "wmo_2015",
        /// Youth help and parenting support.
        Jeugdwet = "jeugdwet",
        /// Social assistance and the schemes for people on a low income.
        Participatiewet = "participatiewet",
        /// Wet gemeentelijke schuldhulpverlening: the municipality's debt help.
        Wgs = "wgs",
        /// Zorgverzekeringswet: the health insurance every resident has; it covers wijkverpleging.
        Zvw = "zvw",
        /// Wet langdurige zorg: permanent care close by, often in an institution; it goes before
        /// the Wmo.
        Wlz = "wlz",
        /// A scheme of the municipality's own, under no national law.
        Municipal = "municipal",
    }
}

vocabulary! {
    /// Another law or provider that goes first (`elsewhere`), or a second door to the same help.
    OtherRoute {
        /// The Wlz: the zorgkantoor of the region arranges the care.
        Wlz = "wlz",
        /// The health insurance: the district nurse (wijkverpleging) or the GP.
        Zvw = "zvw",
        /// A referral by the GP, youth doctor or medical specialist: a door to youth help without a
        /// beschikking of the municipality.
        Gp = "gp",
        /// The centrumgemeente of the region, which arranges beschermd wonen and opvang.
        CentralMunicipality = "central_municipality",
    }
}

impl Need {
    /// The need's name in Dutch and English, as a form lists it.
    pub fn name(self) -> Text {
        let (nl, en) = match self {
            Need::HouseholdTasks => ("Huishouden", "Household tasks"),
            Need::PersonalCare => ("Persoonlijke verzorging", "Personal care"),
            Need::HomeAdaptation => ("Aanpassing van de woning", "Home adaptation"),
            Need::Wheelchair => ("Rolstoel", "Wheelchair"),
            Need::GettingAroundOutdoors => ("Buiten de deur bewegen", "Getting around outdoors"),
            Need::Transport => ("Vervoer", "Transport"),
            Need::DaytimeActivities => ("Dagbesteding", "Daytime activities"),
            Need::IndividualGuidance => ("Begeleiding", "Individual guidance"),
            Need::Parenting => ("Opvoeden", "Parenting"),
            // A parent whose child struggles at school looks for "school", not "jeugdhulp".
            Need::YouthHelp => (
                "Zorgen om een kind of jongere, thuis of op school",
                "Worries about a child or young person, at home or at school",
            ),
            Need::MoneyAndDebts => ("Geld en schulden", "Money and debts"),
            Need::Administration => ("Post en papieren", "Paperwork"),
            Need::Loneliness => (
                "Eenzaamheid, mensen ontmoeten",
                "Loneliness, meeting people",
            ),
            Need::RespiteCare => ("Even rust voor de mantelzorger", "Respite for a carer"),
            Need::CarerSupport => ("Steun als mantelzorger", "Support as a carer"),
            Need::Meals => ("Maaltijden", "Meals"),
            Need::ShelteredLiving => ("Beschermd wonen", "Sheltered living"),
            Need::PersonalProblems => ("Persoonlijke problemen", "Personal problems"),
            Need::Shelter => ("Een plek om te slapen", "A place to stay"),
        };
        Text::new(nl, en)
    }
}

impl Law {
    /// The law's full name, in Dutch and in English.
    pub fn name(self) -> Text {
        let (nl, en) = match self {
            Law::Wmo2015 => (
                "Wet maatschappelijke ondersteuning 2015",
                "Social Support Act 2015",
            ),
            Law::Jeugdwet => ("Jeugdwet", "Youth Act"),
            Law::Participatiewet => ("Participatiewet", "Participation Act"),
            Law::Wgs => (
                "Wet gemeentelijke schuldhulpverlening",
                "Municipal Debt Assistance Act",
            ),
            Law::Zvw => ("Zorgverzekeringswet", "Health Insurance Act"),
            Law::Wlz => ("Wet langdurige zorg", "Long-term Care Act"),
            Law::Municipal => ("Eigen regeling van de gemeente", "Municipal scheme"),
        };
        Text::new(nl, en)
    }
}

impl OtherRoute {
    /// Where the resident goes instead, in plain words.
    pub fn description(self) -> Text {
        let (nl, en) = match self {
            OtherRoute::Wlz => (
                "Via de Wet langdurige zorg (Wlz). Neem contact op met het zorgkantoor: dat regelt de Wlz-zorg in uw regio. Uw zorgaanbieder weet welk zorgkantoor dat is.",
                "Through the Long-term Care Act (Wlz). Contact the care office (zorgkantoor): it arranges Wlz care in your region. Your care provider knows which one that is.",
            ),
            OtherRoute::Zvw => (
                "Via uw zorgverzekering. Vraag het aan de wijkverpleegkundige of uw huisarts.",
                "Through your health insurance. Ask the district nurse or your GP.",
            ),
            OtherRoute::Gp => (
                "Via de huisarts, jeugdarts of medisch specialist. Die kan u direct verwijzen.",
                "Through the GP, youth doctor or medical specialist, who can refer you directly.",
            ),
            OtherRoute::CentralMunicipality => (
                "Via de centrumgemeente van uw regio. Dat is de grote gemeente die beschermd wonen en opvang regelt voor de gemeenten in de buurt.",
                "Through the central municipality of your region: the large municipality that arranges sheltered living and shelter for the municipalities around it.",
            ),
        };
        Text::new(nl, en)
    }
}

/// One provision of the national catalogue.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Provision {
    /// The stable id used in rule scripts, case files and JSON (`huishoudelijke_hulp`).
    pub id: &'static str,
    /// Its name in Dutch and English.
    pub name: Text,
    /// The law it falls under; it decides the procedure of a decision.
    pub law: Law,
    /// The needs this provision serves; advice only shows provisions that serve an asked need.
    pub needs: Vec<Need>,
}

impl Provision {
    /// An algemene voorziening a municipality may choose not to have (a scooter pool, a meeting
    /// place, meals at home): only for these can `not_offered` mean that the municipality does not
    /// offer the help at all. Every other provision is one the law has the municipality give to
    /// whoever needs it after an onderzoek (Wmo 2015 art. 2.3.5, Jeugdwet art. 2.3, bijzondere
    /// bijstand, Wgs art. 2), so `not_offered` there means the resident does not qualify now.
    pub fn may_be_absent(&self) -> bool {
        matches!(
            self.id,
            "scootmobielpool"
                | "ontmoeting"
                | "mantelzorgondersteuning"
                | "maatschappelijk_werk"
                | "thuisadministratie"
                | "maaltijdvoorziening"
        )
    }
}

/// Index of a provision in [`catalogue()`]; cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProvisionIndex(pub(crate) u16);

use Need as N;

/// (id, Dutch name, English name, law, needs served). The order is the output order.
const ENTRIES: &[(&str, &str, &str, Law, &[Need])] = &[
    (
        "huishoudelijke_hulp",
        "Hulp bij het huishouden",
        "Household help",
        Law::Wmo2015,
        &[N::HouseholdTasks],
    ),
    (
        "persoonlijke_verzorging",
        "Persoonlijke verzorging (wijkverpleging)",
        "Personal care (district nursing)",
        Law::Zvw,
        &[N::PersonalCare],
    ),
    (
        "woningaanpassing",
        "Woningaanpassing",
        "Home adaptation",
        Law::Wmo2015,
        &[N::HomeAdaptation],
    ),
    (
        "rolstoel",
        "Rolstoel",
        "Wheelchair",
        Law::Wmo2015,
        &[N::Wheelchair],
    ),
    (
        "scootmobiel",
        "Scootmobiel",
        "Mobility scooter",
        Law::Wmo2015,
        &[N::GettingAroundOutdoors],
    ),
    (
        "scootmobielpool",
        "Scootmobiel lenen uit een pool",
        "Shared mobility scooter (pool)",
        Law::Wmo2015,
        &[N::GettingAroundOutdoors],
    ),
    (
        "collectief_vervoer",
        "Wmo-vervoer (regiotaxi met pas)",
        "Wmo transport (regional taxi pass)",
        Law::Wmo2015,
        &[N::Transport],
    ),
    (
        "dagbesteding",
        "Dagbesteding",
        "Day activities",
        Law::Wmo2015,
        &[N::DaytimeActivities],
    ),
    (
        "begeleiding_individueel",
        "Individuele begeleiding",
        "Individual guidance",
        Law::Wmo2015,
        &[N::IndividualGuidance],
    ),
    (
        "ontmoeting",
        "Ontmoeting en activiteiten in de buurt",
        "Meeting places and activities nearby",
        Law::Wmo2015,
        &[N::Loneliness, N::DaytimeActivities],
    ),
    (
        "respijtzorg",
        "Respijtzorg (de zorg even overnemen)",
        "Respite care",
        Law::Wmo2015,
        &[N::RespiteCare],
    ),
    (
        "mantelzorgondersteuning",
        "Steun voor mantelzorgers",
        "Support for informal carers",
        Law::Wmo2015,
        &[N::CarerSupport, N::RespiteCare],
    ),
    (
        "mantelzorgwaardering",
        "Mantelzorgwaardering",
        "Carer appreciation",
        Law::Wmo2015,
        &[N::CarerSupport],
    ),
    (
        "maatschappelijk_werk",
        "Algemeen maatschappelijk werk",
        "Social work",
        Law::Wmo2015,
        &[N::PersonalProblems],
    ),
    (
        "thuisadministratie",
        "Hulp bij de thuisadministratie",
        "Help with paperwork at home",
        Law::Wmo2015,
        &[N::Administration, N::MoneyAndDebts],
    ),
    (
        "schuldhulpverlening",
        "Schuldhulpverlening",
        "Debt assistance",
        Law::Wgs,
        &[N::MoneyAndDebts],
    ),
    (
        "inkomensondersteuning",
        "Regelingen voor een laag inkomen",
        "Low-income schemes",
        Law::Participatiewet,
        &[N::MoneyAndDebts],
    ),
    (
        "maaltijdvoorziening",
        "Maaltijden aan huis",
        "Meals delivered at home",
        Law::Wmo2015,
        &[N::Meals],
    ),
    (
        "beschermd_wonen",
        "Beschermd wonen",
        "Sheltered housing",
        Law::Wmo2015,
        &[N::ShelteredLiving],
    ),
    (
        "maatschappelijke_opvang",
        "Maatschappelijke opvang",
        "Shelter for homeless people",
        Law::Wmo2015,
        &[N::Shelter],
    ),
    (
        "opvoedondersteuning",
        "Opvoed- en opgroeiondersteuning",
        "Parenting support",
        Law::Jeugdwet,
        &[N::Parenting],
    ),
    (
        "jeugdhulp_licht",
        "Lichte jeugdhulp",
        "Light youth help",
        Law::Jeugdwet,
        &[N::YouthHelp],
    ),
    (
        "jeugdhulp_specialistisch",
        "Specialistische jeugdhulp",
        "Specialist youth help",
        Law::Jeugdwet,
        &[N::YouthHelp],
    ),
    (
        "clientondersteuning",
        "Onafhankelijke cliëntondersteuning",
        "Independent client support",
        Law::Wmo2015,
        &[],
    ),
];

fn build() -> Vec<Provision> {
    ENTRIES
        .iter()
        .map(|(id, nl, en, law, needs)| Provision {
            id,
            name: Text::new(*nl, *en),
            law: *law,
            needs: needs.to_vec(),
        })
        .collect()
}

/// The national catalogue, in output order. Built once.
pub fn catalogue() -> &'static [Provision] {
    static CATALOGUE: std::sync::OnceLock<Vec<Provision>> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(build)
}

/// Finds a provision by id.
pub fn provision_index(id: &str) -> Option<ProvisionIndex> {
    ENTRIES
        .iter()
        .position(|(pid, ..)| *pid == id)
        .map(|i| ProvisionIndex(i as u16))
}

/// The provision an index points at. Indexes come only from [`provision_index`], so this never
/// panics.
pub fn provision(index: ProvisionIndex) -> &'static Provision {
    &catalogue()[index.0 as usize]
}

/// The closest known id, for "did you mean" hints in validation errors.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_at_least_twenty_provisions_with_unique_ids() {
        let ids: std::collections::BTreeSet<_> = catalogue().iter().map(|p| p.id).collect();
        assert!(catalogue().len() >= 20);
        assert_eq!(ids.len(), catalogue().len());
    }

    #[test]
    fn every_need_is_served_by_some_provision() {
        for need in Need::ALL {
            assert!(
                catalogue().iter().any(|p| p.needs.contains(need)),
                "{} has no provision",
                need.id()
            );
        }
    }

    #[test]
    fn ids_round_trip() {
        for need in Need::ALL {
            assert_eq!(Need::from_id(need.id()), Some(*need));
        }
        assert_eq!(
            provision(provision_index("rolstoel").unwrap()).law,
            Law::Wmo2015
        );
    }

    #[test]
    fn json_uses_the_same_ids_as_rule_scripts() {
        let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
        for law in Law::ALL {
            assert_eq!(json(serde_json::to_value(law).unwrap()), law.id());
        }
        for need in Need::ALL {
            assert_eq!(json(serde_json::to_value(need).unwrap()), need.id());
        }
        for route in OtherRoute::ALL {
            assert_eq!(json(serde_json::to_value(route).unwrap()), route.id());
        }
    }

    #[test]
    fn closest_suggests_a_near_miss_only() {
        let ids = catalogue().iter().map(|p| p.id);
        assert_eq!(closest("rolstol", ids.clone()), Some("rolstoel"));
        assert_eq!(closest("helicopter", ids), None);
    }
}
