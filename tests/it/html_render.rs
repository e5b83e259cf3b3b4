//! The HTML report rendered in a real browser: headless Chromium (Debian package
//! `chromium`, which .ci/run installs) lays out the page, prints it to PDF and
//! takes a screenshot. Where no Chromium is installed the test says loudly that
//! it skipped, and under CI it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .filter_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
        .next()
}

fn headless(bin: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

/// Width and height from a PNG header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

#[test]
fn the_html_report_renders_prints_and_shows_its_content_in_chromium() {
    let Some(bin) = chromium() else {
        common::missing_tool("Chromium", "apt-get install chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    assert_cmd::Command::cargo_bin("rapport")
        .unwrap()
        .args([
            "score",
            "examples/brightline",
            "--as-of",
            "2026-06-30",
            "--no-config",
            "--quiet",
        ])
        .args(["--format", "html", "--output"])
        .arg(&html)
        .assert()
        .success();
    let url = format!("file://{}", html.display());
    let profile = dir.path().join("profile");

    // What the browser shows after layout: the text a reader sees.
    let dom = headless(&bin, &profile, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    for text in [
        "Customer relationships",
        "Score distribution",
        "Most common gaps",
        "Oakfield Insurance Brokers",
        "no-relationship",
        "Meet Robert Haines in person",
        "Most worth doing this week",
        "Fell short on:",
    ] {
        assert!(dom.contains(text), "the rendered page shows {text:?}");
    }
    let rules = rapport::spec::RuleSet::builtin().unwrap().rules.len();
    let folded = format!("All {rules} rules, with their evidence");
    assert!(dom.contains(&folded), "the rendered page shows {folded:?}");
    assert_eq!(
        dom.matches("<g class=\"bin\">").count(),
        10,
        "ten bars in the score chart"
    );
    assert!(
        dom.split("<g class=\"bin\">")
            .any(|bin| bin.matches("<rect").count() >= 2),
        "a bar whose accounts span two bands is stacked"
    );
    assert!(
        !dom.contains("examples/brightline/") && dom.contains("· Case.csv:"),
        "evidence names files relative to the export folder"
    );

    // A screenshot: a real, non-trivial picture of the page.
    let png = dir.path().join("report.png");
    headless(
        &bin,
        &profile,
        &[
            "--window-size=1200,1800",
            &format!("--screenshot={}", png.display()),
            &url,
        ],
    );
    let bytes = std::fs::read(&png).expect("a screenshot was written");
    assert_eq!(png_size(&bytes), (1200, 1800));
    assert!(
        bytes.len() > 50_000,
        "the screenshot has content ({} bytes)",
        bytes.len()
    );

    // Printing to PDF: the accounts print as compact cards, the full rule tables
    // left to the screen, so 43 accounts fit in a handful of pages.
    let pdf = dir.path().join("report.pdf");
    headless(
        &bin,
        &profile,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &url,
        ],
    );
    let pdf = std::fs::read(&pdf).expect("a PDF was written");
    assert!(pdf.starts_with(b"%PDF"));
    let pages = pdf
        .windows(12)
        .filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's')
        .count();
    assert!(
        (4..=12).contains(&pages),
        "43 account cards print on a handful of pages ({pages})"
    );
}

/// With `--baseline`, the HTML and Markdown reports show how many accounts went
/// from each band to each other, and the counts add up to the accounts scored.
#[test]
fn a_baseline_shows_how_accounts_moved_between_bands() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("spring.json");
    let score = |as_of: &str, format: &str| {
        let mut cmd = assert_cmd::Command::cargo_bin("rapport").unwrap();
        cmd.args(["score", "examples/brightline", "--as-of", as_of])
            .args(["--no-config", "--quiet", "--format", format]);
        cmd
    };
    let out = score("2026-01-31", "json").assert().success();
    std::fs::write(&baseline, &out.get_output().stdout).unwrap();

    let out = score("2026-06-30", "html")
        .arg("--baseline")
        .arg(&baseline)
        .assert()
        .success();
    let html = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let table = html
        .split("<h2>Band changes since 2026-01-31</h2>")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("a band-change table");
    let total: usize = table
        .split("<td class=\"num\">")
        .skip(1)
        .filter_map(|cell| cell.split('<').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(total, 43, "every account is counted once: {table}");

    let out = score("2026-06-30", "markdown")
        .arg("--baseline")
        .arg(&baseline)
        .assert()
        .success();
    let md = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let rows: usize = md
        .lines()
        .skip_while(|l| !l.starts_with("| from band | to band |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            l.trim_end_matches(" |")
                .rsplit("| ")
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    assert_eq!(rows, 43, "the Markdown table counts every account once");
}
