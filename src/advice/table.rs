//! An advice as plain text in one language: `toegang advise --format table`, for a person at a
//! terminal or a case worker's note.

use super::{Advice, Cost, ProvisionAdvice};
use crate::catalogue::Lang;

/// The advice as a table: one line per provision with route and door, then its next step,
/// details, limits and reasons; the unanswered needs, client support, the disclaimer and the
/// words a resident may not know last.
pub fn render(advice: &Advice, lang: Lang) -> String {
    let mut out = format!(
        "{} ({}), {} — rule set {}\n\n",
        advice.municipality.name,
        advice.municipality.cbs_code,
        advice.reference_date,
        advice.rule_set.version
    );
    // A notice's paragraphs (a blank line apart in the JSON) stay under its mark, indented.
    for notice in &advice.notices {
        out += &format!("! {}\n", notice.text.in_lang(lang).replace("\n\n", "\n  "));
    }
    if !advice.notices.is_empty() {
        out += "\n";
    }
    for p in &advice.provisions {
        out += &provision(p, lang);
    }
    for u in &advice.unmet_needs {
        out += &format!(
            "{:<40} {}\n",
            u.need.name().in_lang(lang),
            u.text.in_lang(lang)
        );
    }
    out += &format!(
        "\n{}\n{}\n",
        advice.client_support.text.in_lang(lang),
        advice.disclaimer.in_lang(lang)
    );
    let terms = super::terms::terms(advice);
    if !terms.is_empty() {
        out += if lang == Lang::Nl {
            "\nWoorden:\n"
        } else {
            "\nWords:\n"
        };
        for t in &terms {
            out += &format!(
                "  {}: {}\n",
                t.term.in_lang(lang),
                t.explanation.in_lang(lang)
            );
        }
    }
    out
}

fn provision(p: &ProvisionAdvice, lang: Lang) -> String {
    let door = p
        .access
        .as_ref()
        .map(|a| a.name.clone())
        .or_else(|| {
            let elsewhere = p.elsewhere.as_ref();
            elsewhere.map(|e| e.description.in_lang(lang).to_string())
        })
        .unwrap_or_default();
    let mut out = format!("{:<40} {:<18} {door}\n", p.name.in_lang(lang), p.route.id());
    out += &format!("    → {}\n", p.next_step.in_lang(lang));
    let mut details = vec![
        format!("cost: {}", cost(&p.cost)),
        format!("pgb: {}", if p.pgb_possible { "yes" } else { "no" }),
    ];
    if let Some(n) = p.free_sessions {
        details.push(format!("free sessions: {n}"));
    }
    if let Some(d) = &p.decision {
        details.push(format!("decision within {} weeks", d.term_weeks));
    }
    out += &format!("    {}\n", details.join(" · "));
    for limit in &p.limits {
        out += &format!("    ! {}\n", limit.in_lang(lang));
    }
    for r in &p.reasons {
        out += &format!("    – {} [{}]\n", r.text.in_lang(lang), r.rule);
    }
    out
}

fn cost(cost: &Cost) -> String {
    let euros = super::money::euros_en;
    match cost {
        Cost::None => "free".to_string(),
        Cost::SubscriptionRate { amount_cents, .. } => {
            format!("{} subscription rate", euros(*amount_cents))
        }
        Cost::SubscriptionRateNotYetKnown { year, last_known } => match last_known {
            Some(k) => format!(
                "subscription rate {year} not yet known ({}: {})",
                k.year,
                euros(k.amount_cents)
            ),
            None => format!("subscription rate {year} not yet known"),
        },
        Cost::Amount { amount_cents, unit } => {
            format!("{} per {unit:?}", euros(*amount_cents))
        }
        Cost::Unknown => "ask".to_string(),
    }
}
