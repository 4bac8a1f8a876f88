package io.fluxgate.session;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * The one bounded outbound queue of a connection: replies, channel events and pings go in from any thread,
 * frames come out in order to the single writer, as fast as it asks for them.
 *
 * <p>Bounded by message count and bytes, whichever is hit first; an offer past either bound is refused with
 * {@link Offer#OVERFLOW} and nothing is queued, so the caller can close the connection as a slow consumer.
 *
 * <p>Batching is opportunistic: the drain runs on the connection's executor and takes what is already queued,
 * so a burst leaves in few flushes (and, for a client that asked for batches, in JSON-array frames of up to
 * {@code batchMaxSize} envelopes) while a lone message leaves at once. An envelope offered with a delay may wait
 * up to that delay for company, never longer.
 */
public final class Outbox implements Publisher<OutboundFrame>, Subscription {

    /** What became of an offer. */
    public enum Offer {
        /** Queued. */
        OK,
        /** Refused: the queue is at its bound. */
        OVERFLOW,
        /** Refused: the outbox is closing or closed. */
        CLOSED
    }

    private static final int OPEN = 0;
    private static final int COMPLETING = 1;
    private static final int TERMINATED = 2;

    private final int maxMessages;
    private final long maxBytes;
    private final boolean arrays;
    private final Executor executor;
    private final Scheduler timer;

    private final Queue<Item> queue = Queues.<Item>unboundedMultiproducer().get();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private volatile Subscriber<? super OutboundFrame> actual;
    private volatile boolean cancelled;
    private volatile boolean timerFired;

    // Owned by the drain loop only.
    private final ArrayDeque<Item> staging = new ArrayDeque<>();
    private boolean flushing;
    private long minDeadline = Long.MAX_VALUE;
    private long timerAt = Long.MAX_VALUE;
    private Disposable pendingTimer;
    private boolean done;

    /**
     * @param maxMessages queued envelopes at most
     * @param maxBytes queued payload bytes at most
     * @param arrays whether several envelopes may share one JSON-array frame ({@code batch=true} clients)
     * @param executor where the drain runs: the connection's event loop
     * @param timer clock and timer for delayed batches
     */
    public Outbox(int maxMessages, long maxBytes, boolean arrays, Executor executor, Scheduler timer) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.arrays = arrays;
        this.executor = executor;
        this.timer = timer;
    }

    /**
     * Queues one envelope.
     *
     * @param json the UTF-8 JSON envelope, shared and never modified
     * @param batchMaxSize most envelopes that may leave in one frame or flush with this one
     * @param delayMs how long this envelope may wait for others; 0 sends with what is already queued
     */
    public Offer offer(byte[] json, int batchMaxSize, long delayMs) {
        return offer(json, batchMaxSize, delayMs, OutboundFrame.NO_EVENT);
    }

    /**
     * Queues one live channel event; as {@link #offer(byte[], int, long)}, and the frame that carries it reports
     * the earliest such timestamp in {@link OutboundFrame#eventTs()}.
     *
     * @param eventTs when the broker accepted the event (epoch ms on the gateway clock), or
     *                {@link OutboundFrame#NO_EVENT}
     */
    public Offer offer(byte[] json, int batchMaxSize, long delayMs, long eventTs) {
        if (state.get() != OPEN) {
            return Offer.CLOSED;
        }
        if (count.incrementAndGet() > maxMessages | bytes.addAndGet(json.length) > maxBytes) {
            count.decrementAndGet();
            bytes.addAndGet(-json.length);
            return Offer.OVERFLOW;
        }
        long deadline = delayMs <= 0 ? 0 : timer.now(TimeUnit.MILLISECONDS) + delayMs;
        queue.offer(new Item(json, batchMaxSize, deadline, eventTs));
        schedule();
        return Offer.OK;
    }

    /** Queues a heartbeat ping; pings are tiny and do not count against the bounds. */
    public Offer offerPing() {
        if (state.get() != OPEN) {
            return Offer.CLOSED;
        }
        queue.offer(Item.PING);
        schedule();
        return Offer.OK;
    }

    /** Stops accepting; what is queued is still sent, then the stream completes. */
    public void complete() {
        if (state.compareAndSet(OPEN, COMPLETING)) {
            schedule();
        }
    }

    /** Stops accepting and drops what is queued; the stream completes at once. */
    public void terminate() {
        if (state.getAndSet(TERMINATED) != TERMINATED) {
            schedule();
        }
    }

    /** Envelopes queued now. */
    public int queuedMessages() {
        return count.get();
    }

    /** Payload bytes queued now. */
    public long queuedBytes() {
        return bytes.get();
    }

    @Override
    public void subscribe(Subscriber<? super OutboundFrame> s) {
        if (actual != null) {
            Operators.error(s, new IllegalStateException("Outbox allows only one subscriber"));
            return;
        }
        actual = s;
        s.onSubscribe(this);
        schedule();
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            requested.getAndUpdate(r -> Operators.addCap(r, n));
            schedule();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        terminate();
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            Subscriber<? super OutboundFrame> s = actual;
            if (!done && s != null) {
                drainTo(s);
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void drainTo(Subscriber<? super OutboundFrame> s) {
        int st = state.get();
        if (st == TERMINATED) {
            discardAll();
            done = true;
            if (!cancelled) {
                s.onComplete();
            }
            return;
        }
        if (timerFired) {
            timerFired = false;
            timerAt = Long.MAX_VALUE;
            pendingTimer = null;
        }
        Item item;
        while ((item = queue.poll()) != null) {
            staging.addLast(item);
            if (item.deadline == 0) {
                flushing = true;
            } else {
                minDeadline = Math.min(minDeadline, item.deadline);
            }
        }
        long r = requested.get();
        long emitted = 0;
        while (emitted != r && !staging.isEmpty()) {
            if (!flushing && (st != OPEN || staging.size() >= staging.peekFirst().batchMaxSize
                    || minDeadline <= timer.now(TimeUnit.MILLISECONDS))) {
                flushing = true;
            }
            if (!flushing) {
                armTimer();
                break;
            }
            s.onNext(nextFrame());
            emitted++;
        }
        if (staging.isEmpty()) {
            flushing = false;
            minDeadline = Long.MAX_VALUE;
        }
        if (emitted != 0 && r != Long.MAX_VALUE) {
            requested.addAndGet(-emitted);
        }
        if (st == COMPLETING && staging.isEmpty() && queue.isEmpty()) {
            done = true;
            cancelTimer();
            s.onComplete();
        }
    }

    private OutboundFrame nextFrame() {
        Item first = staging.pollFirst();
        if (first == Item.PING) {
            return OutboundFrame.PING;
        }
        if (!arrays || staging.isEmpty() || staging.peekFirst() == Item.PING) {
            release(first);
            return new OutboundFrame(false, first.json, 1, first.eventTs);
        }
        int limit = first.batchMaxSize;
        int n = 1;
        int size = first.json.length + 1;
        for (Item i : staging) {
            if (i == Item.PING || n >= Math.min(limit, i.batchMaxSize)) {
                break;
            }
            limit = Math.min(limit, i.batchMaxSize);
            size += i.json.length + 1;
            n++;
        }
        if (n == 1) {
            release(first);
            return new OutboundFrame(false, first.json, 1, first.eventTs);
        }
        byte[] out = new byte[size + 1];
        out[0] = '[';
        int pos = 1;
        Item cur = first;
        long eventTs = OutboundFrame.NO_EVENT;
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                cur = staging.pollFirst();
                out[pos++] = ',';
            }
            eventTs = earliest(eventTs, cur.eventTs);
            System.arraycopy(cur.json, 0, out, pos, cur.json.length);
            pos += cur.json.length;
            release(cur);
        }
        out[pos] = ']';
        return new OutboundFrame(false, out, n, eventTs);
    }

    private static long earliest(long a, long b) {
        if (a == OutboundFrame.NO_EVENT) {
            return b;
        }
        return b == OutboundFrame.NO_EVENT ? a : Math.min(a, b);
    }

    private void release(Item i) {
        count.decrementAndGet();
        bytes.addAndGet(-i.json.length);
    }

    private void armTimer() {
        if (minDeadline < timerAt) {
            cancelTimer();
            timerAt = minDeadline;
            long delay = Math.max(0, minDeadline - timer.now(TimeUnit.MILLISECONDS));
            pendingTimer = timer.schedule(() -> {
                timerFired = true;
                schedule();
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimer() {
        if (pendingTimer != null) {
            pendingTimer.dispose();
            pendingTimer = null;
        }
        timerAt = Long.MAX_VALUE;
    }

    private void discardAll() {
        cancelTimer();
        staging.clear();
        queue.clear();
        count.set(0);
        bytes.set(0);
    }

    private record Item(byte[] json, int batchMaxSize, long deadline, long eventTs) {
        static final Item PING = new Item(new byte[0], 1, 0, OutboundFrame.NO_EVENT);
    }
}
