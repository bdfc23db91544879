#include "group.h"

#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "fb/signals.h"

extern char** environ;

namespace consume {

int batch_status(const std::string& pipestatus) {
    std::istringstream in(pipestatus);
    int s = 0, result = 0;
    bool any = false;
    while (in >> s) {
        any = true;
        if (s == 0) continue;
        if (s == 65) {
            if (result == 0) result = 65;
            continue;
        }
        return s;
    }
    return any ? result : 70;
}

namespace {

using Clock = std::chrono::steady_clock;
using TopicPartition = std::pair<std::string, int32_t>;

// What the batch's pipeline sees: its stdin (the messages' text, one after the other, each ending
// in a newline), and which offsets of which partitions it holds. Messages are appended to one
// buffer without an allocation each: the per-message cost is what limits the consumer.
struct Batch {
    struct Span {
        uint32_t part;      // index into parts
        size_t begin, end;  // within text
    };
    struct Part {
        TopicPartition where;
        int64_t first, last;
    };
    std::string text;
    std::vector<Span> spans;
    std::vector<Part> parts;  // few: a batch holds a member's partitions

    size_t size() const { return spans.size(); }
    bool empty() const { return spans.empty(); }

    void add(std::string_view topic, int32_t partition, int64_t offset, std::string_view payload) {
        uint32_t i = 0;
        while (i < parts.size() && !(parts[i].where.second == partition && parts[i].where.first == topic)) ++i;
        if (i == parts.size()) parts.push_back({{std::string(topic), partition}, offset, offset});
        Part& p = parts[i];
        p.first = std::min(p.first, offset);
        p.last = std::max(p.last, offset);
        size_t begin = text.size();
        text.append(payload);
        if (payload.empty() || payload.back() != '\n') text += '\n';
        spans.push_back({i, begin, text.size()});
    }
    // Drops what was buffered from partitions the group took away (another member reads them).
    size_t drop(const std::set<TopicPartition>& revoked) {
        std::vector<char> gone(parts.size());
        bool any = false;
        for (size_t i = 0; i < parts.size(); ++i) any |= (gone[i] = revoked.count(parts[i].where) > 0);
        if (!any) return 0;
        Batch kept;
        for (const Span& sp : spans) {
            if (gone[sp.part]) continue;
            const Part& p = parts[sp.part];
            kept.add(p.where.first, p.where.second, 0, std::string_view(text).substr(sp.begin, sp.end - sp.begin));
        }
        // The offsets of the partitions kept are unchanged.
        for (Part& kp : kept.parts)
            for (const Part& p : parts)
                if (p.where == kp.where) kp.first = p.first, kp.last = p.last;
        size_t dropped = spans.size() - kept.spans.size();
        *this = std::move(kept);
        return dropped;
    }
    void clear() {
        text.clear();
        spans.clear();
        parts.clear();
    }
    // "topic/0:120-129 topic/3:57-80"
    std::string describe() const {
        std::vector<const Part*> sorted;
        for (const Part& p : parts) sorted.push_back(&p);
        std::sort(sorted.begin(), sorted.end(), [](const Part* a, const Part* b) { return a->where < b->where; });
        std::string s;
        for (const Part* p : sorted) {
            if (!s.empty()) s += ' ';
            s += p->where.first + '/' + std::to_string(p->where.second) + ':' + std::to_string(p->first) + '-' +
                 std::to_string(p->last);
        }
        return s;
    }
    const Part& first_part() const {
        return *std::min_element(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.where < b.where; });
    }
};

}  // namespace

bool run_pipeline(const std::string& pipeline, std::string_view input, const std::vector<std::string>& env,
                  const std::function<bool()>& stop, PipelineRun& result, std::string& error) {
    result = PipelineRun{};
    int in[2], st[2];
    if (pipe2(in, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        return false;
    }
    if (pipe2(st, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        close(in[0]);
        close(in[1]);
        return false;
    }
    std::string script = pipeline + "\necho \"${PIPESTATUS[*]}\" >&3";
    // posix_spawn, not fork: it does not copy this process's page tables (the batch buffer), which
    // made fork the largest cost per batch.
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_adddup2(&files, in[0], 0);  // dup2 clears O_CLOEXEC on the copies
    posix_spawn_file_actions_adddup2(&files, st[1], 3);
    posix_spawn_file_actions_addclosefrom_np(&files, 4);  // librdkafka's wake-up pipes are not CLOEXEC
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);  // ignored here; the pipeline's stages want the default
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    // A process group of its own: a Ctrl-C on the terminal reaches fb-consume, which lets the batch
    // finish, not the stages; `stop` ends the group when it must.
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    std::vector<std::string> names;
    for (const auto& kv : env) names.push_back(kv.substr(0, kv.find('=') + 1));
    std::vector<char*> envp;
    for (char** e = environ; *e; ++e) {
        bool replaced = false;
        for (const auto& n : names) replaced |= std::strncmp(*e, n.c_str(), n.size()) == 0;
        if (!replaced) envp.push_back(*e);
    }
    for (const auto& kv : env) envp.push_back(const_cast<char*>(kv.c_str()));
    envp.push_back(nullptr);
    char* argv[] = {const_cast<char*>("bash"), const_cast<char*>("-c"), script.data(), nullptr};
    pid_t pid = 0;
    int err = posix_spawnp(&pid, "bash", &files, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    if (err != 0) {
        error = std::string("bash: ") + std::strerror(err);
        for (int fd : {in[0], in[1], st[0], st[1]}) close(fd);
        return false;
    }
    close(st[1]);
    // This process keeps a read end of the input pipe: a pipeline that exits without reading all of
    // its batch leaves bytes there to count (FIONREAD), instead of vanishing with the pipe. Writes
    // are non-blocking, so a pipeline that stops reading cannot hold this process in write(2).
    fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
    size_t written = 0;
    bool exited = false, line_done = false, in_open = true;
    int wstatus = 0;
    auto killed_at = std::chrono::steady_clock::time_point{};
    while (!exited) {
        if (in_open && written == input.size()) {
            close(in[1]);
            in_open = false;
        }
        pollfd fds[2];
        nfds_t n = 0;
        if (!line_done) fds[n++] = {st[0], POLLIN, 0};
        if (in_open) fds[n++] = {in[1], POLLOUT, 0};
        int ready = 0;
        if (n == 0) {
            // Status line read, input closed: the shell is about to exit. A signal interrupts the
            // wait (no SA_RESTART) so that `stop` is still asked.
            if (waitpid(pid, &wstatus, 0) == pid) {
                exited = true;
                break;
            }
        } else {
            ready = poll(fds, n, 200);
        }
        for (nfds_t i = 0; ready > 0 && i < n; ++i) {
            if (fds[i].fd == st[0] && (fds[i].revents & (POLLIN | POLLHUP))) {
                // The status line: stop at its end (a stage left in the background keeps fd 3).
                char buf[256];
                ssize_t got = read(st[0], buf, sizeof buf);
                if (got > 0) result.statuses.append(buf, static_cast<size_t>(got));
                if (got <= 0 || result.statuses.find('\n') != std::string::npos) line_done = true;
            } else if (fds[i].fd == in[1] && (fds[i].revents & (POLLOUT | POLLERR | POLLHUP))) {
                ssize_t put = write(in[1], input.data() + written, std::min<size_t>(input.size() - written, 1 << 16));
                if (put > 0) written += static_cast<size_t>(put);
            }
        }
        if (waitpid(pid, &wstatus, WNOHANG) == pid) exited = true;
        if (!exited && result.stopped == false && stop && stop()) {
            kill(-pid, SIGTERM);
            result.stopped = true;
            killed_at = std::chrono::steady_clock::now();
        } else if (result.stopped && std::chrono::steady_clock::now() - killed_at > std::chrono::seconds(5)) {
            kill(-pid, SIGKILL);
        }
    }
    if (!exited) waitpid(pid, &wstatus, 0);
    if (!line_done) {  // the status line may still be in the pipe
        char buf[256];
        fcntl(st[0], F_SETFL, fcntl(st[0], F_GETFL) | O_NONBLOCK);
        for (ssize_t got; (got = read(st[0], buf, sizeof buf)) > 0;) result.statuses.append(buf, static_cast<size_t>(got));
    }
    close(st[0]);
    if (in_open) close(in[1]);
    int left = 0;
    if (ioctl(in[0], FIONREAD, &left) == 0 && left > 0) result.unread += static_cast<size_t>(left);
    result.unread += input.size() - written;
    close(in[0]);
    auto& statuses = result.statuses;
    if (auto nl = statuses.find('\n'); nl != std::string::npos) statuses.resize(nl);
    while (!statuses.empty() && statuses.back() == ' ') statuses.pop_back();
    if (statuses.empty()) {
        // The shell itself did not get to the end: report how it ended.
        if (WIFSIGNALED(wstatus)) statuses = std::to_string(128 + WTERMSIG(wstatus));
        else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) statuses = std::to_string(WEXITSTATUS(wstatus));
    }
    return true;
}

namespace {

std::string list_partitions(const rd_kafka_topic_partition_list_t* parts) {
    std::map<std::string, std::vector<int32_t>> by_topic;
    for (int i = 0; i < parts->cnt; ++i) by_topic[parts->elems[i].topic].push_back(parts->elems[i].partition);
    std::string s;
    for (auto& [topic, ps] : by_topic) {
        std::sort(ps.begin(), ps.end());
        if (!s.empty()) s += ' ';
        s += topic + '[';
        for (size_t i = 0; i < ps.size(); ++i) {
            if (i) s += ',';
            s += std::to_string(ps[i]);
        }
        s += ']';
    }
    return s.empty() ? "nothing" : s;
}

// The member's view of the group: its partitions, which of them are read to the end, and the
// batch being collected. librdkafka calls the callbacks from inside rd_kafka_consumer_poll, on
// this thread.
struct Member {
    const Options& opt;
    fb::Reporter& reporter;
    fb::Stats& stats;
    rd_kafka_t* rk = nullptr;
    std::set<TopicPartition> assigned, at_end;
    bool got_assignment = false;  // the last rebalance event gave partitions (maybe none)
    bool ever_assigned = false;   // the group answered at least once
    Clock::time_point missing_since;  // a subscribed topic reported unknown (0: none)
    std::string missing_what;
    Clock::time_point assigned_at;
    Batch batch;
    std::string fatal;           // set by the error callback: stop with 69
    bool brokers_down = false;   // every broker unreachable (reported once until one answers)

    Member(const Options& o, fb::Reporter& r, fb::Stats& s) : opt(o), reporter(r), stats(s) {}

    void rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts) {
        bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            for (int i = 0; i < parts->cnt; ++i) assigned.emplace(parts->elems[i].topic, parts->elems[i].partition);
            if (cooperative) {
                if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, parts)) {
                    reporter.warn("group", std::string("assign: ") + rd_kafka_error_string(e));
                    rd_kafka_error_destroy(e);
                }
            } else {
                rd_kafka_assign(rk, parts);
            }
            got_assignment = ever_assigned = true;
            brokers_down = false;
            if (parts->cnt > 0) missing_since = {};
            assigned_at = Clock::now();
            reporter.note("group " + opt.group + ": assigned " + list_partitions(parts));
            stats.add("rebalances");
            return;
        }
        std::set<TopicPartition> revoked;
        for (int i = 0; i < parts->cnt; ++i) revoked.emplace(parts->elems[i].topic, parts->elems[i].partition);
        if (size_t dropped = batch.drop(revoked)) {
            // Not processed here and not committed: the partitions' new owner reads them.
            stats.filtered += dropped;
            stats.add("handed_back", static_cast<int64_t>(dropped));
        }
        for (const auto& tp : revoked) {
            assigned.erase(tp);
            at_end.erase(tp);
        }
        // Eager rebalancing takes everything and assigns again; cooperative keeps the rest.
        got_assignment = cooperative && !assigned.empty();
        if (cooperative) {
            if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, parts)) rd_kafka_error_destroy(e);
        } else {
            rd_kafka_assign(rk, nullptr);
        }
        reporter.note("group " + opt.group + ": revoked " + list_partitions(parts));
    }

    static void on_rebalance(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts, void* self) {
        static_cast<Member*>(self)->rebalance(err, parts);
    }
    static void on_error(rd_kafka_t* rk, int err, const char* reason, void* self) {
        auto& m = *static_cast<Member*>(self);
        auto code = static_cast<rd_kafka_resp_err_t>(err);
        if (code == RD_KAFKA_RESP_ERR__FATAL) {
            char why[512];
            rd_kafka_fatal_error(rk, why, sizeof why);
            m.fatal = why;
            return;
        }
        if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
            if (!m.brokers_down) m.reporter.warn("kafka", "no broker of " + m.opt.brokers + " answers; retrying");
            m.brokers_down = true;
            return;
        }
        if (code == RD_KAFKA_RESP_ERR__TRANSPORT) return;  // one connection lost: librdkafka reconnects
        m.reporter.warn("kafka", reason);
    }
    static void on_log(const rd_kafka_t* rk, int level, const char*, const char* line) {
        auto* self = static_cast<Member*>(rd_kafka_opaque(rk));
        if (level <= 3 && self) self->reporter.warn("librdkafka", line);
    }

    // Every partition this member holds is read to its end. A member the group gave nothing
    // (more members than partitions) counts as drained once that assignment has held for `settle`.
    bool drained(Clock::duration settle) const {
        if (!got_assignment) return false;
        if (assigned.empty()) return Clock::now() - assigned_at >= settle;
        for (const auto& tp : assigned)
            if (!at_end.count(tp)) return false;
        return true;
    }
};

fb::Status configure(const Options& opt, Member& member, rd_kafka_conf_t* conf) {
    char err[512];
    auto set = [&](const std::string& k, const std::string& v) -> fb::Status {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
            return fb::Status::Config(k + ": " + err);
        return fb::Status::Ok();
    };
    std::vector<std::pair<std::string, std::string>> props = {
        {"bootstrap.servers", opt.brokers},
        {"group.id", opt.group},
        {"auto.offset.reset", opt.from},
        {"log_level", "3"},
    };
    for (const auto& [k, v] : opt.properties) {
        if (k == "enable.auto.commit" || k == "enable.auto.offset.store" || k == "enable.partition.eof")
            return fb::Status::Usage("-X " + k + " is fb-consume's own: offsets are committed only after a batch is done");
        props.emplace_back(k, v);
    }
    props.emplace_back("enable.auto.commit", "false");  // offsets move only after a batch is done
    props.emplace_back("enable.auto.offset.store", "false");
    props.emplace_back("enable.partition.eof", "true");  // --until-empty and ripe batches
    for (const auto& [k, v] : props)
        if (fb::Status s = set(k, v); !s.ok()) return s;
    rd_kafka_conf_set_opaque(conf, &member);
    rd_kafka_conf_set_rebalance_cb(conf, &Member::on_rebalance);
    rd_kafka_conf_set_error_cb(conf, &Member::on_error);
    rd_kafka_conf_set_log_cb(conf, &Member::on_log);
    return fb::Status::Ok();
}

// Commits the next offset of every partition of a finished batch. A failure (the group moved on
// while the pipeline ran) is a warning: the batch will run again elsewhere, and the sinks are
// idempotent.
void commit(Member& m) {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(m.batch.parts.size()));
    for (const auto& p : m.batch.parts)
        rd_kafka_topic_partition_list_add(list, p.where.first.c_str(), p.where.second)->offset = p.last + 1;
    rd_kafka_resp_err_t err = rd_kafka_commit(m.rk, list, 0);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        for (int i = 0; i < list->cnt && !err; ++i) err = list->elems[i].err;
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        m.stats.add("commits_failed");
        m.reporter.warn("group", std::string("offsets of a finished batch not committed (") + rd_kafka_err2str(err) +
                                     "): it will be read again");
    }
    rd_kafka_topic_partition_list_destroy(list);
}

// --until-empty's second condition: the group has nothing left in the partitions other members
// hold. Each has its committed offset at its high watermark; a partition the group never committed
// counts as done when it holds no message (or the group starts at the latest offset). Without it a
// member given no partitions, or only drained ones, left while a member that had died still held
// the rest: nobody would read them once its session expired. False when the broker cannot say
// (asked again later). Regex subscriptions (^...) are not checked.
bool group_done(Member& m) {
    constexpr int kTimeoutMs = 5000;
    rd_kafka_topic_partition_list_t* others = rd_kafka_topic_partition_list_new(8);
    bool known = true;
    for (const auto& topic : m.opt.topics) {
        if (topic.empty() || topic[0] == '^') continue;
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(m.rk, topic.c_str(), nullptr);
        const rd_kafka_metadata_t* md = nullptr;
        if (!rkt || rd_kafka_metadata(m.rk, 0, rkt, &md, kTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR) known = false;
        for (int t = 0; md && t < md->topic_cnt; ++t)
            for (int p = 0; p < md->topics[t].partition_cnt; ++p) {
                int32_t id = md->topics[t].partitions[p].id;
                if (!m.assigned.count(TopicPartition(topic, id))) rd_kafka_topic_partition_list_add(others, topic.c_str(), id);
            }
        if (md) rd_kafka_metadata_destroy(md);
        if (rkt) rd_kafka_topic_destroy(rkt);
    }
    bool done = known;
    if (done && others->cnt > 0 && rd_kafka_committed(m.rk, others, kTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR) done = false;
    for (int i = 0; done && i < others->cnt; ++i) {
        const auto& e = others->elems[i];
        int64_t low = 0, high = 0;
        if (e.err || rd_kafka_query_watermark_offsets(m.rk, e.topic, e.partition, &low, &high, kTimeoutMs) !=
                         RD_KAFKA_RESP_ERR_NO_ERROR) {
            done = false;
        } else if (e.offset >= 0) {
            done = e.offset >= high;
        } else {
            done = low == high || m.opt.from == "latest";
        }
    }
    rd_kafka_topic_partition_list_destroy(others);
    return done;
}

}  // namespace

int run(const Options& opt, fb::Reporter& reporter, fb::Stats& stats) {
    Member m(opt, reporter, stats);
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    if (fb::Status s = configure(opt, m, conf); !s.ok()) {
        rd_kafka_conf_destroy(conf);
        reporter.error("", s.message());
        return s.exit_code();
    }
    char err[512];
    m.rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!m.rk) {
        reporter.error("", std::string("cannot create the Kafka consumer: ") + err);
        return 78;
    }
    rd_kafka_poll_set_consumer(m.rk);
    rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(static_cast<int>(opt.topics.size()));
    for (const auto& t : opt.topics) rd_kafka_topic_partition_list_add(topics, t.c_str(), RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t serr = rd_kafka_subscribe(m.rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (serr) {
        reporter.error("", std::string("cannot subscribe: ") + rd_kafka_err2str(serr));
        rd_kafka_destroy(m.rk);
        return 69;
    }

    std::vector<std::string> env_fixed = {"FBKIT_KAFKA_GROUP=" + opt.group};
    int code = 0;
    const auto started = Clock::now();
    const auto connect_timeout = std::chrono::duration<double>(opt.connect_timeout);
    auto batch_start = Clock::now();
    const auto linger = std::chrono::duration<double>(opt.linger);
    const auto settle = std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(3));
    const auto stop_timeout = std::chrono::duration<double>(opt.stop_timeout);
    uint64_t batches = 0;
    Clock::time_point group_checked{};
    bool waiting_for_group = false;
    for (;;) {
        if (int sig = fb::pending_signal()) {
            code = fb::exit_code_for_signal(sig);
            break;
        }
        if (!m.fatal.empty()) {
            reporter.error("kafka", "fatal: " + m.fatal);
            code = 69;
            break;
        }
        bool full = m.batch.size() >= opt.batch;
        bool ripe = !m.batch.empty() && (Clock::now() - batch_start >= linger || m.drained(settle));
        if (full || ripe) {
            std::vector<std::string> env = env_fixed;
            env.push_back("FBKIT_KAFKA_OFFSETS=" + m.batch.describe());
            const auto& first = m.batch.first_part();
            env.push_back("FBKIT_KAFKA_BATCH=" + first.where.first + "-" + std::to_string(first.where.second) + "-" +
                          std::to_string(first.first));
            // After SIGINT/SIGTERM the batch in progress gets --stop-timeout seconds to finish.
            Clock::time_point signalled{};
            auto stop = [&] {
                if (!fb::pending_signal()) return false;
                if (signalled == Clock::time_point{}) {
                    signalled = Clock::now();
                    reporter.note("stopping: the batch in progress has " +
                                  std::to_string(static_cast<int>(opt.stop_timeout)) + " s to finish");
                }
                return Clock::now() - signalled >= stop_timeout;
            };
            PipelineRun ran;
            std::string why;
            if (!run_pipeline(opt.pipeline, m.batch.text, env, stop, ran, why)) {
                reporter.error("", "cannot run the pipeline: " + why);
                code = 71;
                break;
            }
            const std::string& statuses = ran.statuses;
            int outcome = batch_status(statuses);
            ++batches;
            stats.add("batches");
            std::string failure;
            if (outcome != 0 && outcome != 65) {
                failure = "a stage failed on " + m.batch.describe() + " (stage statuses " + statuses + ")";
            } else if (ran.unread > 0) {
                // Exit 0 without reading the batch (a first stage that reads a file, say): committing
                // would skip messages nothing processed.
                failure = "the pipeline ended without reading " + std::to_string(ran.unread) + " bytes of its batch " +
                          m.batch.describe() + " (stage statuses " + statuses + ")";
                outcome = 70;
            }
            if (!failure.empty()) {
                stats.add("batches_failed");
                if (ran.stopped) failure += ", stopped after --stop-timeout";
                reporter.error("pipeline", failure + ": not committed; stopping with status " + std::to_string(outcome));
                code = outcome;
                break;
            }
            if (outcome == 65) stats.add("batches_with_rejects");
            stats.written += m.batch.size();
            commit(m);
            if (!reporter.quiet())
                reporter.note("batch " + std::to_string(batches) + ": " + std::to_string(m.batch.size()) +
                              " messages " + m.batch.describe() + ", stage statuses " + statuses);
            m.batch.clear();
            continue;
        }
        if (!m.ever_assigned && m.brokers_down && Clock::now() - started >= connect_timeout) {
            reporter.error("kafka", "no broker of " + opt.brokers + " answered within " +
                                        std::to_string(static_cast<int>(opt.connect_timeout)) + " s");
            code = 69;
            break;
        }
        if (opt.until_empty && m.batch.empty() && m.drained(settle) && Clock::now() - group_checked >= settle / 3) {
            group_checked = Clock::now();
            if (group_done(m)) break;
            if (!waiting_for_group) reporter.note("read to the end; waiting for the group's other partitions to be committed");
            waiting_for_group = true;
        }
        if (m.missing_since != Clock::time_point{} && m.assigned.empty() && Clock::now() - m.missing_since >= settle * 2) {
            reporter.error("kafka", m.missing_what);
            code = 66;
            break;
        }

        rd_kafka_message_t* msg = rd_kafka_consumer_poll(m.rk, 100);
        if (!msg) continue;
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            m.at_end.emplace(rd_kafka_topic_name(msg->rkt), msg->partition);
        } else if (msg->err) {
            std::string what = rd_kafka_message_errstr(msg);
            bool missing = msg->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                           msg->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
            rd_kafka_message_destroy(msg);
            if (missing) {
                // Kept for a few seconds: a topic just created may not be in the metadata yet.
                if (m.missing_since == Clock::time_point{}) m.missing_since = Clock::now();
                m.missing_what = what;
                continue;
            }
            reporter.warn("kafka", what);
            continue;
        } else {
            m.brokers_down = false;
            const char* topic = rd_kafka_topic_name(msg->rkt);
            if (!m.at_end.empty()) m.at_end.erase(TopicPartition(topic, msg->partition));
            ++stats.read;
            reporter.tick(stats.read);
            // An empty message is a blank line for the pipeline (the tools skip those), so that its
            // offset is committed with the batch.
            if (msg->len == 0) stats.add("empty_messages");
            if (m.batch.empty()) batch_start = Clock::now();
            m.batch.add(topic, msg->partition, msg->offset,
                        std::string_view(static_cast<const char*>(msg->payload), msg->len));
        }
        rd_kafka_message_destroy(msg);
    }

    // What was collected but not done is not committed: whoever owns the partitions next reads it.
    // Cleared before the close, whose revocation would count it again.
    stats.filtered += m.batch.size();
    if (!m.batch.empty()) stats.add("not_done", static_cast<int64_t>(m.batch.size()));
    m.batch.clear();
    reporter.finish_progress(stats.read);
    rd_kafka_consumer_close(m.rk);  // leaves the group at once, so the others take over now
    rd_kafka_destroy(m.rk);
    return code;
}

}  // namespace consume
