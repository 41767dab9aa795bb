// Digests: a storm of events must not become a storm of mail. A channel with
// `digest: {after: N, per: P}` sends each recipient at most N notifications one by one in
// a window of length P (windows aligned to the epoch: with 1m, whole UTC minutes); the
// further ones of that window are folded into one digest row (role "digest", ticket 0),
// due when the window ends, which says what they were and links to each ticket.
//
// A row's window is that of its due_at (the instant it first became due). The outbox
// worker calls FormDigests before it claims rows, in a write transaction of its own:
// each digest row and the rows it covers (state "digested", digest_id) are written in
// that one transaction, so a crash leaves either all of it or none. The digest is then
// an ordinary outbox row: delivered at least once, always with its own id (so the same
// Message-ID / Idempotency-Key). Rows join a digest only while it has not been attempted.
// The worker's claim skips a row beyond the allowance that a commit added after the fold
// (BeyondAllowance): the next round folds it.
// The customer's mail is never folded.
#pragma once

#include <cstddef>
#include <string>

#include "app/service/store.h"

namespace esc::app {

// The start of the window of length `per` that holds `t`.
Instant DigestWindowStart(Instant t, core::Seconds per);

// Whether `row` (pending, never attempted) is beyond its recipient's allowance in its
// window, so that it belongs in a digest rather than going alone. False for a channel
// without digest, the customer, a digest, and a row already attempted.
Result<bool> BeyondAllowance(StoreTx& tx, const core::Policy& policy, const OutboxRecord& row);

// Folds the due rows beyond each recipient's allowance into digests, at `now`. Returns the
// number of rows folded.
Result<std::size_t> FormDigests(StoreTx& tx, const core::Policy& policy, Instant now);

// The template context of digest row `digest` (role "digest"): count, recipient,
// window.{start, end}, items[] of {ticket.{key, title, url}, event, kind, at} under
// `public_url`, and `more` (the count, for the subject).
Result<std::string> DigestContext(StoreTx& tx, const core::Policy& policy,
                                  const OutboxRecord& digest, const std::string& public_url);

}  // namespace esc::app
