//! The country's differences as one Markdown document (`docs/verschillen-2026.md`, written by
//! `scripts/report.sh`): per provision how many residents get a different route depending on their
//! municipality, which municipalities give which route, the smallest example of the largest
//! difference, and the counts themselves, row for row the same as `toegang compare --format csv`.
//! Written for a policy advisor, in Dutch with the English term beside it.

use super::describe::describe;
use super::{Comparison, Country, ProvisionComparison, RouteCounts};
use crate::advice::{Cost, ProvisionAdvice, Route, Unit};
use crate::registry::Registry;
use crate::situation::Situation;
use std::collections::BTreeMap;

/// What residents pay, per provision and municipality, read from full advices over a sample of
/// the population (a comparison evaluates routes only, which is what makes the whole country fit
/// in a minute).
#[derive(Debug, Clone, Default)]
pub struct Costs {
    /// How many situations the sample holds.
    pub sample: usize,
    /// (provision, municipality) → what the card says it costs → how many residents of the sample.
    pub counts: BTreeMap<(String, String), BTreeMap<String, usize>>,
}

/// The costs over `situations` (the first of the population), for every municipality compared,
/// in parallel per municipality: of the help itself (open access or by decision), not of another
/// law's. A situation a rule set cannot advise on is left out.
pub fn costs(registry: &Registry, municipalities: &[String], situations: &[Situation]) -> Costs {
    use rayon::prelude::*;
    let per_municipality: Vec<Vec<((String, String), String)>> = municipalities
        .par_iter()
        .map(|id| {
            situations
                .iter()
                .filter_map(|s| registry.advise(id, s).ok())
                .flat_map(|advice| {
                    advice
                        .provisions
                        .into_iter()
                        .filter(|p| matches!(p.route, Route::OpenAccess | Route::DecisionRequired))
                        .map(|p| ((p.provision, id.clone()), cost_label(&p.cost)))
                })
                .collect()
        })
        .collect();
    let mut counts: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
    for (key, label) in per_municipality.into_iter().flatten() {
        *counts.entry(key).or_default().entry(label).or_default() += 1;
    }
    Costs {
        sample: situations.len(),
        counts,
    }
}

/// A cost as a card names it, in Dutch: "gratis", "abonnementstarief", "€ 2,50 per rit".
fn cost_label(cost: &Cost) -> String {
    match cost {
        Cost::None => "gratis".into(),
        Cost::SubscriptionRate { .. } => "abonnementstarief".into(),
        Cost::SubscriptionRateNotYetKnown { .. } => {
            "abonnementstarief (bedrag nog niet bekend)".into()
        }
        Cost::Unknown => "kosten onbekend".into(),
        Cost::Amount { amount_cents, unit } => {
            let unit = match unit {
                Unit::Hour => "per uur",
                Unit::Ride => "per rit",
                Unit::Zone => "per zone",
                Unit::Km => "per km",
                Unit::DayPart => "per dagdeel",
                Unit::Day => "per dag",
                Unit::Meal => "per maaltijd",
                Unit::Month => "per maand",
                Unit::Year => "per jaar",
                Unit::Once => "eenmalig",
            };
            format!("€ {},{:02} {unit}", amount_cents / 100, amount_cents % 100)
        }
    }
}

/// What the report needs besides the comparison: names, what the last column stands for, and
/// how the population was made.
pub struct Context<'a> {
    /// A municipality's name by id.
    pub name: &'a dyn Fn(&str) -> String,
    /// The columns, from [`super::country`].
    pub country: &'a Country,
    /// What was compared over ("a population of 100000, seed 1").
    pub source: &'a str,
    /// The command that wrote the document, so a reader can make it again.
    pub command: &'a str,
    /// What residents pay, from a sample of full advices; `None`: left out.
    pub costs: Option<&'a Costs>,
}

/// The whole document.
pub fn render(report: &Comparison, context: &Context) -> String {
    let mut out =
        String::from("# Verschillen tussen gemeenten (differences between municipalities)\n\n");
    out += &introduction(report, context);
    out += &overview(report);
    for p in &report.provisions {
        out += &provision(report, p, context);
    }
    out
}

fn label(id: &str, context: &Context) -> String {
    match &context.country.national_frame {
        Some((frame, n)) if frame == id => format!("landelijk kader ({n} gemeenten)"),
        _ => (context.name)(id),
    }
}

fn introduction(report: &Comparison, context: &Context) -> String {
    let own = report.municipalities.len() - usize::from(context.country.national_frame.is_some());
    let frame = match &context.country.national_frame {
        Some((_, n)) => format!(
            " De andere {n} gemeenten hebben nog geen eigen regels in toegang: voor hen geldt het \
             **landelijk kader** (wat de wet voor elke gemeente vastlegt). Hun routes hangen niet af \
             van de gemeente, dus één kolom staat voor hen allemaal. 'Geen advies' betekent daar: de \
             gemeente beslist zelf, de inwoner moet het haar vragen."
        ),
        None => String::new(),
    };
    let mut out = format!(
        "Dit document is gemaakt met `{}`. Het vergelijkt **{own} gemeenten met eigen regels**{} over \
         dezelfde {} inwoners ({}).{frame}\n\n\
         Per voorziening: hoeveel inwoners die erom vroegen een andere route krijgen afhankelijk \
         van hun gemeente, welke gemeenten welke route geven, wat de hulp kost (uit volledige adviezen \
         voor de eerste inwoners) en het kleinste voorbeeld van het grootste verschil. De getallen per gemeente staan onder elke voorziening, gelijk aan \
         `toegang compare --format csv` over dezelfde inwoners.\n\n",
        context.command,
        if context.country.national_frame.is_some() { " en het landelijk kader" } else { "" },
        thousands(report.situations),
        context.source,
    );
    for line in super::report::failed_evaluations(report) {
        out += &format!("> Niet volledig: {line}\n\n");
    }
    out
}

/// One line per provision: asked, and how many of them get a route that depends on the
/// municipality, most different first.
fn overview(report: &Comparison) -> String {
    let mut rows: Vec<&ProvisionComparison> = report.provisions.iter().collect();
    rows.sort_by_key(|p| std::cmp::Reverse(p.differing));
    let mut out = String::from(
        "## Overzicht (overview)\n\n\
         | voorziening | gevraagd | route verschilt per gemeente | waarvan twee gemeenten een andere route geven | meest gegeven route |\n\
         |---|---:|---:|---:|---|\n",
    );
    for p in rows {
        out += &format!(
            "| [{}](#{}) | {} | {} ({}) | {} ({}) | {} |\n",
            p.name.nl,
            p.provision,
            thousands(p.asked),
            thousands(p.differing),
            percent(p.differing, p.asked),
            thousands(p.conflicting),
            percent(p.conflicting, p.asked),
            most_given(p, report)
        );
    }
    out + "\n"
}

/// "open toegang in 12 gemeenten" for the route most columns give most.
fn most_given(p: &ProvisionComparison, report: &Comparison) -> String {
    let mut by_route = [0usize; 5];
    for r in &p.routes {
        by_route[dominant(r)] += 1;
    }
    let (route, n) = by_route
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .map(|(i, n)| (i, *n))
        .unwrap_or((4, 0));
    let of = report.municipalities.len();
    format!("{} in {n} van {of} kolommen", ROUTE_NAMES[route].0)
}

const ROUTE_NAMES: [(&str, &str); 5] = [
    ("direct terecht", "open access"),
    ("besluit nodig", "decision required"),
    ("niet aangeboden", "not offered"),
    ("eerst een andere wet", "another law first"),
    ("geen advies", "no advice"),
];

fn counts(r: &RouteCounts) -> [usize; 5] {
    [
        r.open_access,
        r.decision_required,
        r.not_offered,
        r.elsewhere,
        r.no_advice,
    ]
}

/// The route a municipality gives most often (ties to the earlier route).
fn dominant(r: &RouteCounts) -> usize {
    let c = counts(r);
    (0..5)
        .max_by_key(|i| (c[*i], std::cmp::Reverse(*i)))
        .unwrap_or(4)
}

fn provision(report: &Comparison, p: &ProvisionComparison, context: &Context) -> String {
    let mut out = format!(
        "## {} ({})\n<a id=\"{}\"></a>\n\n{} inwoners vroegen erom; voor **{} ({})** hangt de route af van hun gemeente. \
         Voor {} ({}) geven twee gemeenten allebei advies, maar een andere route.\n\n",
        p.name.nl,
        p.name.en,
        p.provision,
        thousands(p.asked),
        thousands(p.differing),
        percent(p.differing, p.asked),
        thousands(p.conflicting),
        percent(p.conflicting, p.asked)
    );
    for (route, (nl, en)) in ROUTE_NAMES.iter().enumerate() {
        let mut who: Vec<(usize, String)> = report
            .municipalities
            .iter()
            .zip(&p.routes)
            .filter(|(_, r)| dominant(r) == route && counts(r)[route] > 0)
            .map(|(id, r)| (counts(r)[route], label(id, context)))
            .collect();
        if who.is_empty() {
            continue;
        }
        who.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let names: Vec<String> = who
            .iter()
            .map(|(n, name)| format!("{name} {}", percent(*n, p.asked)))
            .collect();
        out += &format!("- **Meestal {nl}** ({en}): {}\n", names.join(", "));
    }
    out += &cost_lines(report, p, context);
    out += &example(report, p, context);
    out += &count_table(report, p, context);
    out
}

/// Per cost a card names, the municipalities whose residents in the sample were told it, with
/// the share of those it advised on this provision.
fn cost_lines(report: &Comparison, p: &ProvisionComparison, context: &Context) -> String {
    let Some(costs) = context.costs else {
        return String::new();
    };
    let mut by_label: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for id in &report.municipalities {
        let Some(labels) = costs.counts.get(&(p.provision.clone(), id.clone())) else {
            continue;
        };
        let total: usize = labels.values().sum();
        for (cost, n) in labels {
            let share = percent(*n, total);
            by_label
                .entry(cost)
                .or_default()
                .push(format!("{} {share}", label(id, context)));
        }
    }
    if by_label.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "- **Kosten** (costs), waar de gemeente de hulp geeft (direct of met een besluit), bij de eerste {} inwoners:\n",
        thousands(costs.sample)
    );
    for (label, who) in by_label {
        out += &format!("  - {label}: {}\n", who.join(", "));
    }
    out
}

/// The pair that differs for the most residents, with its smallest example: two municipalities
/// with rules of their own where there is such a pair (a difference with the national frame's "no
/// advice" says less about policy).
fn example(report: &Comparison, p: &ProvisionComparison, context: &Context) -> String {
    let frame = context
        .country
        .national_frame
        .as_ref()
        .map(|(id, _)| id.as_str());
    let of_provision = || {
        report
            .differences
            .iter()
            .filter(|d| d.provision == p.provision)
    };
    let own = of_provision().filter(|d| Some(d.a.as_str()) != frame && Some(d.b.as_str()) != frame);
    let Some(d) = own
        .max_by_key(|d| d.count)
        .or_else(|| of_provision().max_by_key(|d| d.count))
    else {
        return "\nAlle kolommen geven dezelfde route.\n\n".into();
    };
    let Some(e) = d.examples.first() else {
        return String::new();
    };
    let side = |a: &Option<ProvisionAdvice>| match a {
        Some(p) => {
            let route = match p.route {
                Route::OpenAccess => ROUTE_NAMES[0].0,
                Route::DecisionRequired => ROUTE_NAMES[1].0,
                Route::NotOffered => ROUTE_NAMES[2].0,
                Route::Elsewhere => ROUTE_NAMES[3].0,
            };
            match &p.access {
                Some(door) => format!("{route}, via {}", door.name),
                None => route.to_string(),
            }
        }
        None => ROUTE_NAMES[4].0.to_string(),
    };
    format!(
        "\nHet grootste verschil: **{}** en **{}**, voor {} inwoners. Het kleinste voorbeeld: {}\n\
         - {}: {}\n- {}: {}\n\n",
        label(&d.a, context),
        label(&d.b, context),
        thousands(d.count),
        describe(&e.situation).nl,
        label(&d.a, context),
        side(&e.a),
        label(&d.b, context),
        side(&e.b)
    )
}

/// The counts per municipality, the CSV's rows for this provision.
fn count_table(report: &Comparison, p: &ProvisionComparison, context: &Context) -> String {
    let mut out = String::from(
        "<details><summary>Aantallen per gemeente (counts)</summary>\n\n\
         | gemeente | id | gevraagd | direct terecht | besluit nodig | niet aangeboden | andere wet eerst | geen advies |\n\
         |---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (id, r) in report.municipalities.iter().zip(&p.routes) {
        let c = counts(r);
        out += &format!(
            "| {} | `{id}` | {} | {} | {} | {} | {} | {} |\n",
            label(id, context),
            p.asked,
            c[0],
            c[1],
            c[2],
            c[3],
            c[4]
        );
    }
    out + "\n</details>\n\n"
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        return "0 %".into();
    }
    format!("{} %", (n as f64 * 100.0 / of as f64).round() as usize)
}

/// 12345 → "12.345", as Dutch readers write it.
fn thousands(n: usize) -> String {
    crate::advice::money::grouped(n as u64, '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_dutch_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(100000), "100.000");
        assert_eq!(thousands(1234567), "1.234.567");
        assert_eq!(percent(1, 3), "33 %");
        assert_eq!(percent(0, 0), "0 %");
    }
}
