//! `recurs`: how many rows come back, that is follow an earlier row of the same
//! kind (the same value of a field, trimmed and ignoring case) within a number
//! of days: the same complaint raised again before its cause was fixed.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words};
use crate::metrics::{Evidence, MetricValue, hash_value};
use crate::model::{FieldId, Table};
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Recurs {
    /// The field whose value says what kind a row is (a case's reason).
    pub field: FieldId,
    /// The most days between a row and the earlier one of its kind it repeats.
    pub within_days: i64,
}

impl Primitive for Recurs {
    const NAME: &'static str = "recurs";
    /// The rows seen: (hash of the kind, day). A few per account.
    type State = Vec<(u64, i32)>;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        let field = p.field()?;
        let days = p.threshold()?;
        if !((0.0..=36_500.0).contains(&days) && days.fract() == 0.0) {
            return Err(Unfit::Invalid(
                "for recurs, threshold is the most days between two rows of one kind: a whole number from 0 to 36500".into(),
            ));
        }
        Ok(Recurs {
            field,
            within_days: days as i64,
        })
    }

    /// The days between rows are what it measures.
    fn dated(&self) -> bool {
        true
    }

    fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        out.push((table, vec![self.field]));
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.field = Some(self.field);
        p.threshold = self.within_days as f64;
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, seen: &mut Self::State) -> bool {
        let (Some(kind), Some(day)) = (row.text(self.field), row.day()) else {
            return false;
        };
        seen.push((hash_value(kind), day as i32));
        ev.count += 1;
        true
    }

    fn finish(&self, seen: &Self::State, _: i64, out: &mut MetricValue) {
        let mut sorted = seen.clone();
        sorted.sort_unstable();
        // A row repeats when the row before it of its kind is close enough.
        let repeats = sorted
            .windows(2)
            .filter(|w| {
                w[0].0 == w[1].0 && i64::from(w[1].1) - i64::from(w[0].1) <= self.within_days
            })
            .count() as u32;
        out.hits = repeats;
        out.value = Some(f64::from(repeats));
    }

    fn describe(&self, w: &Words) -> String {
        let field = w.table.def(self.field).name;
        format!(
            "the number of {} that repeat one of the same {field} within {} days before it",
            w.rows, self.within_days
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        out.push_str(&format!("{v:.0}"));
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        let text = q.text_col(s.table, self.field);
        s.conds.push(format!("{text} IS NOT NULL"));
        s.cols
            .push(format!("{} AS k_value", q.d.ascii_lower(&text)));
        Ok(())
    }

    fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()> {
        let n = s.n;
        // The days since the row before of the same kind: sorted by day, the
        // gaps are the same whichever order rows of one day take.
        q.cte(
            &format!("r{n}"),
            format!(
                "  SELECT m.*, m.k_day - LAG(m.k_day) OVER (PARTITION BY m.account, m.k_value ORDER BY m.k_day) AS k_gap\n  FROM m{n} m"
            ),
        );
        s.from = format!("r{n} m");
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push(format!(
            "SUM(CASE WHEN m.k_gap <= {} THEN 1 ELSE 0 END) AS n_hits",
            self.within_days
        ));
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST(COALESCE({g}.n_hits, 0) AS {})", q.d.double_type())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Duration;

    /// A row of a kind on a day.
    struct Row(&'static [u8], Option<i64>);

    impl FoldRow for Row {
        fn passes(&mut self, _: usize) -> bool {
            true
        }
        fn text(&self, _: FieldId) -> Option<&[u8]> {
            (!self.0.is_empty()).then_some(self.0)
        }
        fn day(&self) -> Option<i64> {
            self.1
        }
        fn age(&self) -> Option<i64> {
            self.1.map(|d| 1000 - d)
        }
        fn duration(&self, _: &Duration) -> Option<f64> {
            None
        }
    }

    #[test]
    fn a_row_repeats_the_one_before_of_its_kind_within_the_days() {
        let recurs = Recurs {
            field: FieldId(0),
            within_days: 180,
        };
        let (mut ev, mut seen) = (Evidence::default(), Vec::new());
        for (kind, day) in [
            (&b"Late delivery"[..], Some(100)),
            (b"Billing", Some(120)),
            (b"late delivery ", Some(270)),
            (b"Billing", Some(400)),
            (b"Late delivery", Some(270)),
            (b"", Some(300)),
            (b"Billing", None),
        ] {
            recurs.fold(&mut Row(kind, day), &mut ev, &mut seen);
        }
        let mut out = MetricValue::default();
        recurs.finish(&seen, 1000, &mut out);
        assert_eq!(ev.count, 5, "rows without a kind or a day do not count");
        // Late delivery on 100, 270, 270: two repeats; billing 280 days apart: none.
        assert_eq!(out.value, Some(2.0));
        assert_eq!(out.hits, 2);
    }
}
