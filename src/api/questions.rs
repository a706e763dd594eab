//! Which questions matter: for a municipality, a date, the asked needs and the answers so far, the
//! follow-up facts whose answer can still change the advice. Measured by the rules themselves, not
//! listed by hand per need: each follow-up fact is given, one at a time, every answer a form
//! offers (and "don't know"), the rest held as answered, and the fact matters when one of those
//! answers changes what the advice says. A form that asks exactly these is as short as it can be
//! and still honest; answering one may make another matter (a housemate who cannot help, then
//! whether that housemate gets Wlz care), so a form asks again after each answer.

use crate::advice::Advice;
use crate::error::Result;
use crate::registry::{AdviseOptions, Registry};
use crate::situation::{Aid, HousemateHelp, Living, Mobility, Parents, PgbWish, Situation};
use crate::social_minimum::{measure, Measure};
use serde::Serialize;

/// A follow-up fact the advice depends on, for this resident.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Question {
    /// The situation's field (`income_percent`, `mobility`, …), in the order of [`FOLLOW_UPS`].
    pub fact: &'static str,
    /// Whether the situation already gives it (a value other than "not given" or the default).
    pub answered: bool,
}

/// One follow-up fact: its field, and the situation with each answer a form offers for it, "don't
/// know" (the default) included.
pub struct FollowUp {
    /// The situation's field.
    pub fact: &'static str,
    /// `situation` with each answer in turn.
    pub variants: fn(&Situation) -> Vec<Situation>,
    /// Whether `situation` gives the fact.
    pub answered: fn(&Situation) -> bool,
}

/// Every answer in `answers` set with `set` on a copy of the situation.
fn each<T: Copy>(
    situation: &Situation,
    answers: &[T],
    set: fn(&mut Situation, T),
) -> Vec<Situation> {
    answers
        .iter()
        .map(|answer| {
            let mut variant = situation.clone();
            set(&mut variant, *answer);
            variant
        })
        .collect()
}

/// The follow-up facts, in the order a form asks them, each with the answers a form offers (the
/// resident page's choices). Age, household, children and needs are not here: every advice
/// starts from them. Typed, not JSON: the resident page's module stays within its size budget.
pub const FOLLOW_UPS: &[FollowUp] = &[
    FollowUp {
        fact: "mobility",
        variants: |s| {
            each(
                s,
                &[
                    Mobility::None,
                    Mobility::WalksWithDifficulty,
                    Mobility::WheelchairUser,
                ],
                |s, v| s.mobility = v,
            )
        },
        answered: |s| s.mobility != Mobility::None,
    },
    FollowUp {
        fact: "wlz_indication",
        variants: |s| each(s, &[false, true], |s, v| s.wlz_indication = v),
        answered: |s| s.wlz_indication,
    },
    FollowUp {
        fact: "housemate_help",
        variants: |s| {
            let answers = [
                None,
                Some(HousemateHelp::CanHelp),
                Some(HousemateHelp::CannotHelp),
                Some(HousemateHelp::Overburdened),
            ];
            each(s, &answers, |s, v| s.housemate_help = v)
        },
        answered: |s| s.housemate_help.is_some(),
    },
    FollowUp {
        fact: "housemate_wlz",
        variants: |s| each(s, &[false, true], |s, v| s.housemate_wlz = v),
        answered: |s| s.housemate_wlz,
    },
    FollowUp {
        fact: "personal_care_guidance",
        variants: |s| each(s, &[false, true], |s, v| s.personal_care_guidance = v),
        answered: |s| s.personal_care_guidance,
    },
    FollowUp {
        fact: "household_hours_per_week",
        variants: |s| {
            each(
                s,
                &[None, Some(1.0), Some(2.0), Some(3.0), Some(4.0)],
                |s, v| s.household_hours_per_week = v,
            )
        },
        answered: |s| s.household_hours_per_week.is_some(),
    },
    FollowUp {
        fact: "aid",
        variants: |s| {
            each(
                s,
                &[
                    None,
                    Some(Aid::Everyday),
                    Some(Aid::Small),
                    Some(Aid::Special),
                ],
                |s, v| s.aid = v,
            )
        },
        answered: |s| s.aid.is_some(),
    },
    FollowUp {
        fact: "need_weeks",
        variants: |s| {
            each(s, &[None, Some(6), Some(13), Some(26)], |s, v| {
                s.need_weeks = v
            })
        },
        answered: |s| s.need_weeks.is_some(),
    },
    FollowUp {
        fact: "parents",
        variants: |s| {
            each(
                s,
                &[None, Some(Parents::Together), Some(Parents::Single)],
                |s, v| s.parents = v,
            )
        },
        answered: |s| s.parents.is_some(),
    },
    FollowUp {
        fact: "income_percent",
        variants: |s| {
            each(
                s,
                &[None, Some(100), Some(110), Some(130), Some(150)],
                // A form may have given the income in euros instead: each answer replaces it.
                |s, v| {
                    s.income_percent = v;
                    s.net_income_per_month = None;
                },
            )
        },
        answered: |s| s.income_percent.is_some() || s.net_income_per_month.is_some(),
    },
    FollowUp {
        // The same question in euros, as a resident's form asks it: only where the law's norm
        // lets toegang measure the amount (not with other adults at home, under 21, or before
        // the first norm it knows), at the same percentages of that norm; and not where a
        // percentage was given (a form asks one or the other, and the two are refused together).
        fact: "net_income_per_month",
        variants: |s| {
            let Some(norm_cents) = norm_for(s).filter(|_| s.income_percent.is_none()) else {
                return Vec::new();
            };
            let amounts = [100, 110, 130, 150].map(|p| Some(norm_cents * p / 10_000));
            let answers: Vec<_> = std::iter::once(None).chain(amounts).collect();
            each(s, &answers, |s, v| s.net_income_per_month = v)
        },
        answered: |s| s.net_income_per_month.is_some(),
    },
    FollowUp {
        fact: "pgb_wish",
        variants: |s| {
            let answers = [
                None,
                Some(PgbWish::InKind),
                Some(PgbWish::ManageMyself),
                Some(PgbWish::ManageWithHelp),
                Some(PgbWish::CannotManage),
            ];
            each(s, &answers, |s, v| s.pgb_wish = v)
        },
        answered: |s| s.pgb_wish.is_some(),
    },
    FollowUp {
        fact: "has_informal_carer",
        variants: |s| each(s, &[false, true], |s, v| s.has_informal_carer = v),
        answered: |s| s.has_informal_carer,
    },
    FollowUp {
        fact: "is_informal_carer",
        variants: |s| each(s, &[false, true], |s, v| s.is_informal_carer = v),
        answered: |s| s.is_informal_carer,
    },
    FollowUp {
        fact: "urgent",
        variants: |s| each(s, &[false, true], |s, v| s.urgent = v),
        answered: |s| s.urgent,
    },
    FollowUp {
        fact: "living",
        variants: |s| {
            each(s, &[Living::Independent, Living::Institution], |s, v| {
                s.living = v
            })
        },
        answered: |s| s.living != Living::Independent,
    },
];

/// The follow-up facts whose answer can still change the advice for `situation` (the answers so
/// far) in `municipality`. An answer that is not valid for this resident (a housemate's help when
/// nobody else lives there) is not tried. The situation's own error, or the municipality's, is
/// the answer when there is one.
pub fn questions(
    registry: &Registry,
    municipality: &str,
    situation: &Situation,
    options: AdviseOptions,
) -> Result<Vec<Question>> {
    let advise = |s: &Situation| registry.advise_with_options(municipality, s, options);
    let reference = advise(situation)?;
    let mut asked = Vec::new();
    for follow_up in FOLLOW_UPS {
        let changes = (follow_up.variants)(situation)
            .iter()
            .filter(|variant| *variant != situation && variant.check().is_ok())
            .any(|variant| advise(variant).is_ok_and(|advice| differs(&advice, &reference)));
        if changes {
            asked.push(Question {
                fact: follow_up.fact,
                answered: (follow_up.answered)(situation),
            });
        }
    }
    Ok(asked)
}

/// The bijstandsnorm in cents a month an amount in euros would be measured against for `s`; `None`
/// where the law sets another norm or toegang knows none for the date.
fn norm_for(s: &Situation) -> Option<u32> {
    let mut probe = s.clone();
    probe.income_percent = None;
    probe.net_income_per_month = Some(1);
    match measure(&probe)? {
        Measure::Percent { norm_cents, .. } => Some(norm_cents),
        _ => None,
    }
}

/// Whether two advices tell the resident something different: another provision, route, door,
/// cost, limit or reason, or another need left unanswered.
fn differs(a: &Advice, b: &Advice) -> bool {
    a.provisions != b.provisions || a.unmet_needs != b.unmet_needs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn asked(municipality: &str, situation: Value) -> Vec<&'static str> {
        let registry = Registry::bundled().unwrap();
        let situation = Situation::from_value(situation).unwrap();
        let found = questions(
            &registry,
            municipality,
            &situation,
            AdviseOptions::default(),
        );
        found.unwrap().into_iter().map(|q| q.fact).collect()
    }

    #[test]
    fn every_follow_up_is_a_field_of_the_situation_and_sets_only_that_field() {
        let schema = serde_json::to_value(schemars::schema_for!(Situation)).unwrap();
        let base = Situation::from_value(
            json!({"reference_date": "2026-03-01", "age": 40, "needs": ["household_tasks"]}),
        )
        .unwrap();
        let base_json = serde_json::to_value(&base).unwrap();
        for follow_up in FOLLOW_UPS {
            assert!(
                schema["properties"].get(follow_up.fact).is_some(),
                "{}",
                follow_up.fact
            );
            let variants = (follow_up.variants)(&base);
            assert!(variants.len() >= 2, "{}", follow_up.fact);
            for variant in variants {
                let without = |value: &Value| {
                    let mut value = value.clone();
                    value.as_object_mut().unwrap().remove(follow_up.fact);
                    value
                };
                let json = serde_json::to_value(&variant).unwrap();
                assert_eq!(
                    without(&json),
                    without(&base_json),
                    "{} changes another field",
                    follow_up.fact
                );
            }
        }
    }

    #[test]
    fn a_question_that_cannot_change_the_advice_is_not_asked() {
        // Debts: nothing about mobility, a Wlz indication or a personal budget changes that advice.
        let facts = asked(
            "westerveld",
            json!({"reference_date": "2026-03-01", "age": 40, "needs": ["money_and_debts"]}),
        );
        assert!(!facts.contains(&"mobility"), "{facts:?}");
        assert!(!facts.contains(&"pgb_wish"), "{facts:?}");
        // Nobody else lives there: a housemate's help is never asked.
        let alone = asked(
            "hardenberg",
            json!({"reference_date": "2026-03-01", "age": 80, "needs": ["household_tasks"]}),
        );
        assert!(!alone.contains(&"housemate_help"), "{alone:?}");
    }

    #[test]
    fn the_questions_are_those_the_rules_read() {
        // Westerveld: no Wmo contribution below 110% of the social minimum, so income matters
        // for household help there.
        let facts = asked(
            "westerveld",
            json!({"reference_date": "2026-03-01", "age": 80, "needs": ["household_tasks"]}),
        );
        assert!(facts.contains(&"income_percent"), "{facts:?}");
        assert!(facts.contains(&"wlz_indication"), "Wlz first: {facts:?}");
        // With a partner at home, whether the partner can do the household tasks matters.
        let couple = asked(
            "hardenberg",
            json!({"reference_date": "2026-03-01", "age": 80, "household": "with_partner", "partner_age": 78, "needs": ["household_tasks"]}),
        );
        assert!(couple.contains(&"housemate_help"), "{couple:?}");
    }

    #[test]
    fn an_answer_given_is_reported_as_answered_and_an_unknown_municipality_is_its_error() {
        let registry = Registry::bundled().unwrap();
        let situation = json!({"reference_date": "2026-03-01", "age": 80, "income_percent": 105, "needs": ["household_tasks"]});
        let situation = Situation::from_value(situation).unwrap();
        let found = questions(
            &registry,
            "westerveld",
            &situation,
            AdviseOptions::default(),
        )
        .unwrap();
        let income = found.iter().find(|q| q.fact == "income_percent").unwrap();
        assert!(income.answered);
        let unknown = questions(
            &registry,
            "nergenshuizen",
            &situation,
            AdviseOptions::default(),
        );
        assert_eq!(unknown.unwrap_err().code(), "unknown_municipality");
    }
}
