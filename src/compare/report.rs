//! A comparison as text: the CSV of route counts and the plain table of `toegang compare`. (The
//! HTML report is `html.rs`; JSON is the `Comparison` itself.)

use super::describe::describe;
use super::Comparison;
use crate::advice::ProvisionAdvice;

/// One row per provision and municipality: how many situations asked, and the count per route.
/// `failed` is the municipality's count of situations (of the whole comparison) its rules could not
/// evaluate, the JSON report's `errors`: the same on each of its rows, and those situations are
/// counted as `no_advice` where they asked for the provision.
pub fn csv(report: &Comparison) -> String {
    let mut out = String::from("provision,municipality,asked,open_access,decision_required,not_offered,elsewhere,no_advice,failed\n");
    for p in &report.provisions {
        for ((m, r), failed) in report
            .municipalities
            .iter()
            .zip(&p.routes)
            .zip(&report.errors)
        {
            out += &format!(
                "{},{m},{},{},{},{},{},{},{failed}\n",
                p.provision,
                p.asked,
                r.open_access,
                r.decision_required,
                r.not_offered,
                r.elsewhere,
                r.no_advice
            );
        }
    }
    out
}

/// "lansingerland: 10 of 10 situations could not be evaluated; …", one line per municipality
/// whose rules failed on some situations: its figures leave those out.
pub fn failed_evaluations(report: &Comparison) -> Vec<String> {
    report
        .municipalities
        .iter()
        .zip(&report.errors)
        .filter(|(_, n)| **n > 0)
        .zip(&report.first_errors)
        .map(|((m, n), first)| {
            let first = first
                .as_ref()
                .map(|e| format!("; the first: [{}] {e}", e.code()))
                .unwrap_or_default();
            format!(
                "{m}: {n} of {} situations could not be evaluated; its figures leave them out{first}",
                report.situations
            )
        })
        .collect()
}

/// The plain-text report: similarity, the open-access share per provision, and each difference
/// with the smallest situation that shows it. `source` says what was compared over ("a
/// population of 1000, seed 1").
pub fn table(report: &Comparison, source: &str) -> String {
    let mut out = format!("Compared {} situations ({source}).\n", report.situations);
    for line in failed_evaluations(report) {
        out += &format!("Not complete: {line}\n");
    }
    out += &similarity(report);
    out += &open_access(report);
    out += &differences(report);
    out
}

fn similarity(report: &Comparison) -> String {
    let ms = &report.municipalities;
    let mut out = format!(
        "\nSimilarity: share of situations with the same advice\n{:<16}",
        ""
    );
    for m in ms {
        out += &format!(" {m:>14}");
    }
    for (m, row) in ms.iter().zip(&report.similarity) {
        out += &format!("\n{m:<16}");
        for v in row {
            out += &format!(" {v:>14.2}");
        }
    }
    out
}

fn open_access(report: &Comparison) -> String {
    let mut out = format!(
        "\n\nOpen access: share of the situations that asked for the provision\n{:<26} {:>6}",
        "provision", "asked"
    );
    for m in &report.municipalities {
        out += &format!(" {m:>14}");
    }
    for p in &report.provisions {
        out += &format!("\n{:<26} {:>6}", p.provision, p.asked);
        for r in &p.routes {
            out += &format!(" {:>14.2}", r.open_access as f64 / p.asked.max(1) as f64);
        }
    }
    out
}

fn differences(report: &Comparison) -> String {
    let side = |a: &Option<ProvisionAdvice>| match a {
        Some(p) => format!(
            "{} ({})",
            p.route.id(),
            p.access.as_ref().map(|x| x.name.as_str()).unwrap_or("-")
        ),
        None => "no advice".into(),
    };
    let mut out = String::from("\n\nDifferences, with the smallest situation that shows each\n");
    if report.examples_left_out > 0 {
        out += &format!(
            "({} examples left out: together they would pass {} MiB)\n",
            report.examples_left_out,
            super::MAX_EXAMPLE_BYTES / (1024 * 1024)
        );
    }
    for d in &report.differences {
        out += &format!(
            "{} vs {}: {}, {} situations\n",
            d.a, d.b, d.provision, d.count
        );
        if let Some(e) = d.examples.first() {
            out += &format!(
                "    {}\n    {}: {}\n    {}: {}\n",
                describe(&e.situation).en,
                d.a,
                side(&e.a),
                d.b,
                side(&e.b)
            );
        }
    }
    out
}
