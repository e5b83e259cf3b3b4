//! `share-within`: the share of the rows whose duration is at most a threshold.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words, ratio};
use crate::metrics::{Evidence, MetricValue};
use crate::model::{FieldId, Table};
use crate::rules::describe::duration;
use crate::spec::Duration;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct ShareWithin {
    pub duration: Duration,
    pub threshold: f64,
}

impl Primitive for ShareWithin {
    const NAME: &'static str = "share-within";
    type State = ();

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(ShareWithin {
            duration: p.duration()?,
            threshold: p.threshold()?,
        })
    }

    fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        self.duration.needs(table, out);
    }

    fn duration(&self) -> Option<&Duration> {
        Some(&self.duration)
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.duration = Some(&self.duration);
        p.threshold = self.threshold;
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, _: &mut ()) -> bool {
        let Some(d) = row.duration(&self.duration) else {
            return false;
        };
        ev.count += 1;
        if d <= self.threshold {
            ev.hits += 1;
        }
        true
    }

    fn finish(&self, _: &(), _: i64, out: &mut MetricValue) {
        out.value = ratio(out.hits, out.count);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the share of {} where {} is at most {}",
            w.rows,
            duration(w.table, &self.duration),
            self.threshold
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        out.push_str(&format!("{:.0}%", v * 100.0));
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        let dur = q.duration_rows(s, &self.duration);
        s.cols.push(format!(
            "CASE WHEN {dur} <= {} THEN 1 ELSE 0 END AS k_hit",
            q.num(self.threshold)
        ));
        Ok(())
    }

    fn sql_group(&self, _: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("SUM(m.k_hit) AS n_hits".into());
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        q.ratio(g)
    }
}
