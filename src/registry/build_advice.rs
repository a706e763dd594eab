//! Turns the decisions a rule set made into the advice a resident reads: only provisions that
//! serve an asked need, with the party's contact details, the year's amounts, the procedure of the
//! provision's law, the asked needs nothing answered, and always the right to client support.

use crate::advice::money::{euros, euros_en};
use crate::advice::*;
use crate::catalogue::{self, Law, Need, ProvisionIndex, Text};
use crate::error::{Error, Result};
use crate::script::draft::{Draft, DraftCost};
use crate::script::engine::CompiledRuleSet;
use crate::situation::Situation;

/// Which rules answer for a municipality on a date, and how the advice must be marked.
#[derive(Debug, Clone)]
pub struct Resolution<'a> {
    /// The municipality as the advice names it.
    pub municipality: MunicipalityRef,
    /// The municipal rule set that runs; an empty one when only the national frame answers.
    pub rule_set: &'a CompiledRuleSet,
    /// The municipality's own rules, or only the national frame.
    pub coverage: Coverage,
    /// Whether the date lies in the period the rules were checked for.
    pub validity: Validity,
    /// Notices about which rules answered (beyond their checked period, only the national frame,
    /// before the first version); the advice lists them first.
    pub notices: Vec<Notice>,
}

pub(crate) fn build(
    mut resolution: Resolution<'_>,
    baseline: &CompiledRuleSet,
    situation: &Situation,
    decisions: Vec<Option<Draft>>,
) -> Result<Advice> {
    let municipal = resolution.rule_set;
    let mut notices = std::mem::take(&mut resolution.notices);
    let mut provisions = Vec::new();
    for (i, draft) in decisions.into_iter().enumerate() {
        let Some(draft) = draft else { continue };
        let provision = catalogue::provision(ProvisionIndex(i as u16));
        let needs: Vec<Need> = provision
            .needs
            .iter()
            .copied()
            .filter(|n| situation.needs.contains(n))
            .collect();
        if needs.is_empty() {
            continue;
        }
        provisions.push(provision_advice(
            municipal, baseline, situation, provision, needs, draft,
        )?);
    }
    let unmet_needs = unmet_needs(situation, &provisions, &resolution);
    notices.extend(amounts_not_yet_known(&provisions));
    notices.extend(subscription_rate_once(&provisions));
    notices.extend(may_still_apply(&provisions));
    notices.extend(crate::social_minimum::notice(situation));
    Ok(Advice {
        municipality: resolution.municipality,
        rule_set: municipal.reference(),
        baseline: baseline.reference(),
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        reference_date: situation.reference_date,
        coverage: resolution.coverage,
        validity: resolution.validity,
        notices,
        provisions,
        unmet_needs,
        client_support: client_support(municipal),
        disclaimer: Text::new(
            "Dit is een advies, geen besluit. Alleen de gemeente kan een besluit nemen.",
            "This is advice, not a decision. Only the municipality can take a decision.",
        ),
    })
}

fn provision_advice(
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
    provision: &catalogue::Provision,
    needs: Vec<Need>,
    draft: Draft,
) -> Result<ProvisionAdvice> {
    let access = draft.party.as_ref().and_then(|id| {
        municipal
            .metadata
            .parties
            .get(id)
            .map(|p| p.access(id, draft.intake))
    });
    let decision = match draft.route {
        Route::DecisionRequired => Some(procedure(
            baseline,
            provision,
            draft.term_weeks,
            draft.pgb.unwrap_or(false),
        )?),
        _ => None,
    };
    let elsewhere = draft.elsewhere.map(|r| OtherRouteInfo {
        id: r,
        description: r.description(),
    });
    Ok(ProvisionAdvice {
        provision: provision.id.to_string(),
        name: provision.name.clone(),
        law: provision.law,
        needs,
        route: draft.route,
        next_step: next_step(
            draft.route,
            access.as_ref(),
            elsewhere.as_ref(),
            !draft.assumptions.is_empty(),
        ),
        refusal: (draft.route == Route::NotOffered).then(|| match provision.may_be_absent() {
            true => Refusal::NotInMunicipality,
            false => Refusal::NotEligible,
        }),
        access,
        elsewhere,
        also_via: draft
            .also_via
            .iter()
            .map(|r| OtherRouteInfo {
                id: *r,
                description: r.description(),
            })
            .collect(),
        cost: cost(baseline, situation, draft.cost)?,
        pgb_possible: draft.pgb.unwrap_or(false),
        free_sessions: draft.free_sessions,
        // Every face shows the limits in words; the caps come first, as the rule states them.
        limits: draft
            .caps
            .iter()
            .map(|c| c.text())
            .chain(draft.limits)
            .collect(),
        caps: draft.caps,
        decision,
        legal_basis: draft
            .basis
            .into_iter()
            .map(|b| cite(b, municipal, baseline))
            .collect(),
        reasons: draft.reasons,
        assumptions: draft.assumptions,
    })
}

/// The first thing to do, in one sentence, from the route and the door: a resident should not
/// have to open "Waarom?" to learn whom to call.
fn next_step(
    route: Route,
    access: Option<&Access>,
    elsewhere: Option<&OtherRouteInfo>,
    assumed: bool,
) -> Text {
    // "Gemeente Hardenberg (telefonische intake)" reads as "Gemeente Hardenberg" in a sentence.
    let contact = |name: &str| {
        let name = name.split(" (").next().unwrap_or(name);
        match access {
            Some(a) if a.phone.is_some() => (format!("Bel {name}"), format!("Call {name}")),
            Some(a) if a.email.is_some() => (format!("Mail {name}"), format!("Email {name}")),
            _ => (
                format!("Neem contact op met {name}"),
                format!("Contact {name}"),
            ),
        }
    };
    match (route, access) {
        // After the intake the help follows without a decision: a promise only a sourced rule
        // makes. A rule that rests on an assumption (Den Haag's scooter pool, known up to 2020)
        // says what the intake is for instead.
        (Route::OpenAccess, Some(a)) if a.intake && assumed => {
            let (nl, en) = contact(&a.name);
            Text::new(
                format!("{nl} voor een kort gesprek. Daar hoort u of u de hulp zonder besluit krijgt."),
                format!("{en} for a short conversation. There you hear whether you get the help without a decision."),
            )
        }
        (Route::OpenAccess, Some(a)) if a.intake => {
            let (nl, en) = contact(&a.name);
            Text::new(
                format!("{nl} voor een kort gesprek. Daarna krijgt u de hulp, zonder besluit."),
                format!(
                    "{en} for a short conversation. Then you get the help, without a decision."
                ),
            )
        }
        (Route::OpenAccess, Some(a)) => {
            let (nl, en) = contact(&a.name);
            Text::new(
                format!("{nl} of ga erheen. U heeft geen besluit nodig."),
                format!("{en} or go there. You do not need a decision."),
            )
        }
        (Route::OpenAccess, None) => Text::new(
            "Vraag de gemeente waar u hiervoor terecht kunt. U heeft geen besluit nodig.",
            "Ask the municipality where to go for this. You do not need a decision.",
        ),
        (Route::DecisionRequired, Some(a)) => {
            let (nl, en) = contact(&a.name);
            Text::new(
                format!("{nl} en vertel wat uw vraag is. Daarna volgt een gesprek en een besluit."),
                format!("{en} and say what you need. A conversation and a decision follow."),
            )
        }
        (Route::DecisionRequired, None) => Text::new(
            "Meld uw vraag bij de gemeente. Daarna volgt een gesprek en een besluit.",
            "Report your question to the municipality. A conversation and a decision follow.",
        ),
        (Route::Elsewhere, _) => elsewhere.map(|e| e.description.clone()).unwrap_or_else(|| {
            Text::new(
                "Dit regelt u niet bij de gemeente. Vraag uw huisarts waar u terecht kunt.",
                "This is not arranged by the municipality. Ask your GP where to go.",
            )
        }),
        // Not for this resident now, but the need may still be reported and decided (Wmo 2015 art.
        // 2.3.2 lid 1; an aanvraag under any law gets a besluit, Awb 1:3): the notice
        // `may_still_apply` says what follows under the Wmo and the Jeugdwet.
        (Route::NotOffered, _) => Text::new(
            "U mag uw vraag toch bij de gemeente melden. Dan volgt een gesprek en een besluit. U kunt het ook zelf regelen.",
            "You may still report your need to the municipality. A conversation and a decision follow. You can also arrange it yourself.",
        ),
    }
}

/// The sources a citation names after `bron:` (`(bron: wmo-2-3-3)`, `(…; bron: a, b)`), looked up
/// in the municipality's rule set and then the national frame's.
fn cite(
    mut basis: LegalBasis,
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
) -> LegalBasis {
    basis.sources = crate::ruleset::cited_ids(&basis.citation)
        .iter()
        .filter_map(|id| {
            [municipal, baseline]
                .iter()
                .find_map(|rs| rs.metadata.sources.iter().find(|s| &s.id == id))
        })
        .map(|s| CitedSource {
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
        })
        .collect();
    basis
}

fn cost(baseline: &CompiledRuleSet, situation: &Situation, cost: DraftCost) -> Result<Cost> {
    Ok(match cost {
        DraftCost::Unset | DraftCost::Unknown => Cost::Unknown,
        DraftCost::Free => Cost::None,
        DraftCost::Amount { cents, unit } => Cost::Amount {
            amount_cents: cents,
            unit,
        },
        DraftCost::SubscriptionRate => subscription_rate(baseline, situation.reference_date),
    })
}

/// The year's rate from the baseline's table; for a year the table does not know yet, that fact
/// and the last known amount, never the last amount as if it were this year's.
fn subscription_rate(baseline: &CompiledRuleSet, date: chrono::NaiveDate) -> Cost {
    let year = chrono::Datelike::year(&date);
    let rates = &baseline.metadata;
    match rates.subscription_rate_on(date) {
        Some(rate) => Cost::SubscriptionRate {
            amount_cents: rate.amount_cents,
            period: rate.period,
            year,
        },
        None => Cost::SubscriptionRateNotYetKnown {
            year,
            last_known: rates
                .last_subscription_rate_before(date)
                .map(|rate| YearAmount {
                    year: chrono::Datelike::year(&rate.to),
                    amount_cents: rate.amount_cents,
                    period: rate.period,
                }),
        },
    }
}

/// One notice per year whose subscription rate an advised provision needs but nobody knows yet.
/// The Wmo subscription rate is a maximum per household per month, whatever the number of
/// provisions (CAK: "U betaalt nooit meer dan het abonnementstarief"): two cards showing € 21,80
/// must not read as € 43,60.
fn subscription_rate_once(provisions: &[ProvisionAdvice]) -> Option<Notice> {
    let charged: Vec<(&ProvisionAdvice, u32, Period)> = provisions
        .iter()
        .filter_map(|p| match &p.cost {
            Cost::SubscriptionRate {
                amount_cents,
                period,
                ..
            } => Some((p, *amount_cents, *period)),
            _ => None,
        })
        .collect();
    let [(_, amount_cents, period), _, ..] = charged[..] else {
        return None;
    };
    let (per_nl, per_en) = per_period(period);
    let names = |lang: fn(&Text) -> &str| {
        let names: Vec<String> = charged
            .iter()
            .map(|(p, ..)| in_sentence(lang(&p.name)))
            .collect();
        names
    };
    Some(Notice {
        code: NoticeCode::SubscriptionRateOncePerHousehold,
        text: Text::new(
            format!("De eigen bijdrage (het abonnementstarief) betaalt u één keer per huishouden, ook voor meer voorzieningen samen: in totaal {} {per_nl} voor {}.", euros(amount_cents), and_list(&names(|t| &t.nl), "en")),
            format!("You pay the contribution (the subscription rate) once per household, also for several provisions together: {} {per_en} in all, for {}.", euros_en(amount_cents), and_list(&names(|t| &t.en), "and")),
        ),
    })
}

/// Whether a need under this law may always be reported to the municipality, with a decision to
/// follow: the Wmo 2015 (art. 2.3.2 lid 1) and the Jeugdwet (art. 2.3).
fn reports_to_a_decision(law: Law) -> bool {
    matches!(law, Law::Wmo2015 | Law::Jeugdwet)
}

/// Neither open access nor a refusal is the last word. Under the Wmo any resident may report a
/// need; the college investigates within 6 weeks (art. 2.3.2 lid 1), an aanvraag follows (lid 9),
/// the college decides in a beschikking (art. 2.3.5 lid 1 and 2), and that is open to bezwaar
/// (Awb 1:3, 6:7, 7:1). Under the Jeugdwet the college decides on an individuele voorziening
/// (art. 2.3), with no term of its own for the onderzoek, so the 6 weeks are said only when every
/// card it follows is Wmo. One right, so one notice for the advice, not a line on every card.
fn may_still_apply(provisions: &[ProvisionAdvice]) -> Option<Notice> {
    let laws: Vec<Law> = provisions
        .iter()
        .filter(|p| matches!(p.route, Route::OpenAccess | Route::NotOffered))
        .map(|p| p.law)
        .filter(|l| reports_to_a_decision(*l))
        .collect();
    let (nl, en) = match laws.iter().all(|l| *l == Law::Wmo2015) {
        true => (" binnen 6 weken", " within 6 weeks"),
        false => ("", ""),
    };
    (!laws.is_empty()).then(|| Notice {
        code: NoticeCode::MayStillApply,
        text: Text::new(
            format!("Krijgt u zo niet de hulp die u nodig heeft? Dan mag u uw vraag toch bij de gemeente melden. De gemeente praat dan{nl} met u. Daarna krijgt u een brief met een besluit. Bent u het niet eens met het besluit? Dan kunt u bezwaar maken."),
            format!("Does this not get you the help you need? You may still report your need to the municipality. It then talks with you{en}. You then get a letter with a decision. If you disagree with it, you can object."),
        ),
    })
}

/// "a, b en c".
fn and_list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// A name as it reads inside a sentence: "Hulp bij het huishouden" → "hulp bij het huishouden",
/// but "Wmo-taxi" and "CJG" keep their capitals.
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_ascii_lowercase() && !name.starts_with("Wmo") => {
            format!(
                "{}{}",
                first.to_ascii_lowercase(),
                &name[first.len_utf8()..]
            )
        }
        _ => name.to_string(),
    }
}

fn amounts_not_yet_known(provisions: &[ProvisionAdvice]) -> Option<Notice> {
    provisions.iter().find_map(|p| match &p.cost {
        Cost::SubscriptionRateNotYetKnown { year, last_known } => {
            let (before_nl, before_en) = match last_known {
                Some(known) => (
                    format!(
                        " In {} was het {} {}.",
                        known.year,
                        euros(known.amount_cents),
                        per_period(known.period).0
                    ),
                    format!(
                        " In {} it was {} {}.",
                        known.year,
                        euros_en(known.amount_cents),
                        per_period(known.period).1
                    ),
                ),
                None => (String::new(), String::new()),
            };
            Some(Notice {
                code: NoticeCode::AmountNotYetKnown,
                text: Text::new(
                    format!("De eigen bijdrage (het abonnementstarief) voor {year} is nog niet bekend.{before_nl} Vraag uw gemeente wat u gaat betalen."),
                    format!("The contribution (the subscription rate) for {year} is not yet known.{before_en} Ask your municipality what you will pay."),
                ),
            })
        }
        _ => None,
    })
}

fn per_period(period: Period) -> (&'static str, &'static str) {
    match period {
        Period::Month => ("per maand", "a month"),
        Period::FourWeeks => ("per vier weken", "every four weeks"),
    }
}

fn procedure(
    baseline: &CompiledRuleSet,
    provision: &catalogue::Provision,
    term_weeks: Option<u32>,
    pgb_possible: bool,
) -> Result<DecisionProcedure> {
    // Provisions of other laws (a municipal scheme, say) follow the Wmo procedure: the Awb term of
    // eight weeks applies to both.
    let procedures = &baseline.metadata.procedures;
    let p = procedures
        .get(provision.law.id())
        .or_else(|| procedures.get("wmo_2015"))
        .ok_or_else(|| Error::RuleSetFile {
            file: baseline.source.metadata_file(),
            message: format!("no procedure for `{}`", provision.law.id()),
        })?;
    Ok(DecisionProcedure {
        term_weeks: term_weeks.unwrap_or(p.term_weeks),
        objection_weeks: p.objection_weeks,
        steps: p.steps.clone(),
        basis: p.basis.clone(),
        pgb: p.pgb.clone().filter(|_| pgb_possible),
    })
}

fn unmet_needs(
    situation: &Situation,
    provisions: &[ProvisionAdvice],
    resolution: &Resolution<'_>,
) -> Vec<UnmetNeed> {
    let coverage = resolution.coverage;
    // Under the national frame the resident's next step is the municipality's own door: its
    // number where a source confirmed it.
    let call = match resolution
        .municipality
        .contact
        .as_ref()
        .and_then(|c| c.phone.as_deref())
    {
        Some(phone) => (format!(" Bel {phone}."), format!(" Call {phone}.")),
        None => (String::new(), String::new()),
    };
    let mut needs: Vec<Need> = situation.needs.clone();
    needs.sort();
    needs.dedup();
    needs
        .into_iter()
        .filter(|n| !provisions.iter().any(|p| p.needs.contains(n)))
        .map(|need| {
            let name = need.name();
            let text = match coverage {
                Coverage::Municipal => Text::new(
                    format!("Over '{}' hebben de regels van uw gemeente nog geen advies. Neem contact op met de gemeente.", name.nl),
                    format!("The rules of your municipality give no advice yet about '{}'. Please contact the municipality.", name.en),
                ),
                Coverage::NationalFrame => Text::new(
                    format!("Uw gemeente bepaalt zelf hoe u hulp krijgt bij '{}'. Meld uw vraag bij de gemeente.{}", name.nl, call.0),
                    format!("Your municipality decides how you get help with '{}'. Report your question to the municipality.{}", name.en, call.1),
                ),
            };
            UnmetNeed { need, text }
        })
        .collect()
}

fn client_support(municipal: &CompiledRuleSet) -> ClientSupport {
    let meta = &municipal.metadata;
    let access = meta.client_support.as_ref().and_then(|cs| {
        meta.parties
            .get(&cs.party)
            .map(|p| p.access(&cs.party, false))
    });
    ClientSupport {
        free: true,
        access,
        text: Text::new(
            "U mag gratis hulp vragen van een onafhankelijke cliëntondersteuner. Die helpt u bij het gesprek met de gemeente en staat aan uw kant.",
            "You may ask a free, independent client supporter for help. They help you in the conversation with the municipality and are on your side.",
        ),
        basis: "Wmo 2015 art. 2.2.4 en 2.3.2 lid 3".into(),
    }
}
