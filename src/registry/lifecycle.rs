//! How an advice is marked by the dates of the rules that gave it: within their checked period,
//! beyond it (the latest rules, with a notice to ask the municipality), or only the national
//! frame (no rules of this municipality for this date). Never a dead end, never a silent guess.

use super::Resolution;
use crate::advice::{Coverage, MunicipalityRef, Notice, NoticeCode, Validity, ValidityStatus};
use crate::catalogue::Text;
use crate::dates::{dutch_date, english_date};
use crate::script::engine::CompiledRuleSet;
use chrono::NaiveDate;

/// The reference date lies in the rule set's validity.
pub(crate) fn within(municipality: MunicipalityRef, rule_set: &CompiledRuleSet) -> Resolution<'_> {
    Resolution {
        municipality,
        rule_set,
        coverage: Coverage::Municipal,
        validity: validity(rule_set, ValidityStatus::WithinCheckedPeriod),
        notices: vec![],
    }
}

/// The reference date lies after the latest version: that version answers, marked.
pub(crate) fn beyond(municipality: MunicipalityRef, latest: &CompiledRuleSet) -> Resolution<'_> {
    let until = latest
        .metadata
        .valid_to
        .unwrap_or(latest.metadata.valid_from);
    Resolution {
        municipality,
        rule_set: latest,
        coverage: Coverage::Municipal,
        validity: validity(latest, ValidityStatus::BeyondCheckedPeriod),
        notices: vec![Notice {
            code: NoticeCode::BeyondCheckedPeriod,
            text: Text::new(
                format!(
                    "Deze regels zijn gecontroleerd tot en met {}. Ze kunnen daarna veranderd zijn. Vraag uw gemeente of ze nog gelden.",
                    dutch_date(until)
                ),
                format!(
                    "These rules were checked up to {}. They may have changed since. Ask your municipality whether they still apply.",
                    english_date(until)
                ),
            ),
        }],
    }
}

/// Why only the national frame answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameReason {
    /// toegang has no rules of this municipality.
    NoRulesYet,
    /// The municipality's own rules start on this day, after the reference date.
    BeforeFirstVersion(NaiveDate),
    /// The municipality's published rule set could not be fetched or failed its check.
    RulesUnavailable,
}

/// No rules of this municipality for the date: the national frame answers, and says why.
pub(crate) fn national_frame<'a>(
    municipality: MunicipalityRef,
    frame: &'a CompiledRuleSet,
    baseline: &CompiledRuleSet,
    why: FrameReason,
) -> Resolution<'a> {
    let mut notices = Vec::new();
    if let FrameReason::BeforeFirstVersion(first) = why {
        notices.push(Notice {
            code: NoticeCode::BeforeFirstVersion,
            text: Text::new(
                format!(
                    "De regels van {} staan in deze keuzehulp vanaf {}. Voor een eerdere datum ziet u alleen wat in heel Nederland geldt.",
                    municipality.name,
                    dutch_date(first)
                ),
                format!(
                    "The rules of {} are in this tool from {}. For an earlier date you only see what holds in all of the Netherlands.",
                    municipality.name,
                    english_date(first)
                ),
            ),
        });
    }
    if why == FrameReason::RulesUnavailable {
        notices.push(Notice {
            code: NoticeCode::RulesUnavailable,
            text: Text::new(
                format!(
                    "De regels van {} konden nu niet worden geladen. Daarom ziet u alleen wat in heel Nederland geldt. Probeer het later opnieuw, of vraag het uw gemeente.",
                    municipality.name
                ),
                format!(
                    "The rules of {} could not be loaded just now. So you only see what holds in all of the Netherlands. Try again later, or ask your municipality.",
                    municipality.name
                ),
            ),
        });
    }
    // A notice above already says why, and that what holds nationally answers, unless there are
    // no rules at all yet. The text comes in short paragraphs, a blank line apart (B1): what the
    // resident sees, their rights, and whom to ask.
    let (intro_nl, intro_en) = match why {
        FrameReason::BeforeFirstVersion(_) | FrameReason::RulesUnavailable => {
            (String::new(), String::new())
        }
        FrameReason::NoRulesYet => (
            format!(
                "De eigen regels van {} staan nog niet in deze keuzehulp. U ziet wat in heel Nederland geldt.\n\n",
                municipality.name
            ),
            format!(
                "The rules of {} are not yet in this tool. You see what holds in all of the Netherlands.\n\n",
                municipality.name
            ),
        ),
    };
    let (door_nl, door_en) = door(&municipality);
    notices.push(Notice {
        code: NoticeCode::NationalFrame,
        text: Text::new(
            format!(
                "{intro_nl}U mag uw vraag altijd melden bij de gemeente: bij het Wmo-loket, of voor uw kind bij het jeugdteam of het CJG. \
                 De gemeente praat dan binnen 6 weken met u. Na uw aanvraag krijgt u binnen 2 weken een besluit. \
                 U mag gratis hulp vragen van een onafhankelijke cliëntondersteuner. \
                 Bij hulp op maat mag u kiezen voor een persoonsgebonden budget (pgb).\n\n\
                 De gemeente bepaalt zelf voor welke hulp u geen besluit nodig heeft. Vraag daarnaar. {door_nl}"
            ),
            format!(
                "{intro_en}You may always report your question to the municipality: the Wmo desk, or for your child the youth team or the CJG. \
                 The municipality then talks with you within 6 weeks. After you apply, you get a decision within 2 weeks. \
                 You may ask a free, independent client supporter for help. \
                 For tailored help you may choose a personal budget (PGB).\n\n\
                 The municipality decides which help needs no decision. Ask about it. {door_en}"
            ),
        ),
    });
    Resolution {
        municipality,
        rule_set: frame,
        coverage: Coverage::NationalFrame,
        validity: validity(baseline, ValidityStatus::WithinCheckedPeriod),
        notices,
    }
}

/// Where the resident reaches the municipality: its number and website as the national table's
/// source gives them, or, where no source confirmed them, that toegang does not know them (a
/// resident must not read a derived number).
fn door(municipality: &MunicipalityRef) -> (String, String) {
    let name = &municipality.name;
    let contact = municipality.contact.as_ref();
    let phone = contact.and_then(|c| c.phone.as_deref());
    let web = contact.and_then(|c| c.web.as_deref()).map(|w| {
        let w = w
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        w.trim_end_matches('/').to_string()
    });
    match (phone, web) {
        (Some(phone), Some(web)) => (
            format!("Bel de gemeente {name}: {phone}, of kijk op {web}."),
            format!("Call the municipality of {name}: {phone}, or see {web}."),
        ),
        (Some(phone), None) => (
            format!("Bel de gemeente {name}: {phone}."),
            format!("Call the municipality of {name}: {phone}."),
        ),
        (None, Some(web)) => (
            format!("Kijk op {web}. Het telefoonnummer van de gemeente {name} staat nog niet in deze keuzehulp."),
            format!("See {web}. The phone number of the municipality of {name} is not yet in this tool."),
        ),
        (None, None) => (
            format!("Het telefoonnummer en de website van de gemeente {name} staan nog niet in deze keuzehulp."),
            format!("The phone number and website of the municipality of {name} are not yet in this tool."),
        ),
    }
}

fn validity(rule_set: &CompiledRuleSet, status: ValidityStatus) -> Validity {
    Validity {
        status,
        checked_until: rule_set.metadata.valid_to,
        checked_on: rule_set.metadata.checked_on,
    }
}
