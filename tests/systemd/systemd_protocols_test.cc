// The daemon's own sd_notify and journald clients (systemd/unix_datagram.h), against sockets the
// tests bind as systemd would.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "systemd/journal.h"
#include "systemd/notifier.h"
#include "systemd/unix_datagram.h"
#include "tests/support/test_directory.h"

namespace awsr::systemd {
namespace {

using std::chrono::microseconds;

// A datagram socket bound at `address`, as systemd's are; reads wait at most five seconds.
class Listener {
 public:
  explicit Listener(const std::string& address) {
    const UnixAddress parsed = ParseUnixAddress(address).value();  // throws: the test fails
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    timeval wait{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
    EXPECT_EQ(::bind(fd_, reinterpret_cast<const sockaddr*>(&parsed.address), parsed.length), 0);
  }
  ~Listener() { ::close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // The next datagram's bytes, and the descriptor it carried (-1 if none).
  std::pair<std::string, int> Receive(int flags = 0) {
    std::string bytes(1 << 16, '\0');
    iovec vector{bytes.data(), bytes.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr message{};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    const ssize_t size = ::recvmsg(fd_, &message, flags | MSG_CMSG_CLOEXEC);
    if (size < 0) return {"<nothing>", -1};
    bytes.resize(static_cast<std::size_t>(size));
    int descriptor = -1;
    if (const cmsghdr* header = CMSG_FIRSTHDR(&message);
        header != nullptr && header->cmsg_type == SCM_RIGHTS) {
      std::memcpy(&descriptor, CMSG_DATA(header), sizeof(int));
    }
    return {bytes, descriptor};
  }

 private:
  int fd_ = -1;
};

std::string AbstractName(std::string_view what) {
  return "@awsr-test-" + std::to_string(::getpid()) + "-" + std::string(what);
}

TEST(UnixAddress, TakesAnAbsolutePathOrAnAbstractNameAndNothingElse) {
  const auto path = ParseUnixAddress("/run/systemd/notify");
  ASSERT_TRUE(path);
  EXPECT_STREQ(path->address.sun_path, "/run/systemd/notify");
  EXPECT_EQ(path->length, offsetof(sockaddr_un, sun_path) + 20);  // with the terminating zero

  const auto abstract = ParseUnixAddress("@manager");
  ASSERT_TRUE(abstract);
  EXPECT_EQ(abstract->address.sun_path[0], '\0');
  EXPECT_EQ(std::string_view(abstract->address.sun_path + 1, 7), "manager");
  EXPECT_EQ(abstract->length, offsetof(sockaddr_un, sun_path) + 8);  // no terminating zero

  for (const std::string text : {"", "@", "/", "run/notify", "vsock:2:1234"}) {
    EXPECT_FALSE(ParseUnixAddress(text)) << text;
  }
  const std::size_t room = sizeof(sockaddr_un{}.sun_path);
  EXPECT_TRUE(ParseUnixAddress("/" + std::string(room - 2, 'a')));
  EXPECT_FALSE(ParseUnixAddress("/" + std::string(room - 1, 'a')));  // no room for the zero
  EXPECT_TRUE(ParseUnixAddress("@" + std::string(room - 1, 'a')));
  EXPECT_FALSE(ParseUnixAddress("@" + std::string(room, 'a')));
}

TEST(Watchdog, IsOnWithAWholeIntervalAboveZeroMeantForThisProcess) {
  const pid_t self = 4242;
  EXPECT_EQ(ParseWatchdog("600000", nullptr, self), microseconds(600000));
  EXPECT_EQ(ParseWatchdog("600000", "4242", self), microseconds(600000));
  EXPECT_FALSE(ParseWatchdog("600000", "4243", self));  // another process's watchdog
  EXPECT_FALSE(ParseWatchdog("600000", "", self));
  EXPECT_FALSE(ParseWatchdog(nullptr, "4242", self));
  for (const char* usec : {"", "0", "-5", "12s", " 5", "18446744073709551615"}) {
    EXPECT_FALSE(ParseWatchdog(usec, nullptr, self)) << usec;
  }
}

TEST(JournalEntry, WritesEachFieldOnALineAndAMultilineValueWithItsLength) {
  EXPECT_EQ(JournalEntry({{"MESSAGE", "created"}, {"PRIORITY", "6"}}),
            "MESSAGE=created\nPRIORITY=6\n");
  EXPECT_EQ(JournalEntry({{"MESSAGE", "a\nb"}}),
            std::string("MESSAGE\n\x03\0\0\0\0\0\0\0a\nb\n", 8 + 8 + 4));
  EXPECT_EQ(JournalEntry({{"EMPTY", ""}}), "EMPTY=\n");
}

TEST(SdNotifier, SendsTheStateToTheManagersSocket) {
  const std::string address = AbstractName("notify");
  Listener manager(address);
  ::setenv("NOTIFY_SOCKET", address.c_str(), 1);
  SdNotifier().Notify("READY=1\nSTATUS=watching 3 files");
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_EQ(manager.Receive().first, "READY=1\nSTATUS=watching 3 files");

  SdNotifier().Notify("STOPPING=1");  // no manager: nothing sent, nothing thrown
  EXPECT_EQ(manager.Receive(MSG_DONTWAIT).first, "<nothing>");
}

TEST(SdNotifier, ReachesASocketBoundAtAPath) {
  testing::TestDirectory directory("awsr-sd");
  const std::string path = (directory.path() / "notify").string();
  Listener manager(path);
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  SdNotifier().Notify("WATCHDOG=1");
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_EQ(manager.Receive().first, "WATCHDOG=1");
}

TEST(SendJournalEntry, SendsAnEntryAsOneDatagram) {
  const std::string address = AbstractName("journal");
  Listener journal(address);
  const std::string entry = JournalEntry({{"MESSAGE", "created"}, {"RESOURCE", "web"}});
  EXPECT_EQ(SendJournalEntry(*ParseUnixAddress(address), entry), 0);
  const auto [bytes, descriptor] = journal.Receive();
  EXPECT_EQ(bytes, entry);
  EXPECT_EQ(descriptor, -1);
}

TEST(SendJournalEntry, HandsAnEntryTooLargeForADatagramInASealedFile) {
  const std::string address = AbstractName("journal-large");
  Listener journal(address);
  const std::string message(4 << 20, 'x');  // larger than any socket's send buffer
  const std::string entry = JournalEntry({{"MESSAGE", message}});
  EXPECT_EQ(SendJournalEntry(*ParseUnixAddress(address), entry), 0);
  const auto [bytes, descriptor] = journal.Receive();
  EXPECT_EQ(bytes, "");
  ASSERT_GE(descriptor, 0);
  const int seals = ::fcntl(descriptor, F_GET_SEALS);
  EXPECT_EQ(seals & (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW),
            F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW);
  std::string content(entry.size() + 1, '\0');
  EXPECT_EQ(::pread(descriptor, content.data(), content.size(), 0),
            static_cast<ssize_t>(entry.size()));
  content.resize(entry.size());
  EXPECT_TRUE(content == entry);  // not printed whole on failure
  ::close(descriptor);
}

TEST(SendJournalEntry, SaysWhyWhenNoJournalListens) {
  EXPECT_EQ(SendJournalEntry(*ParseUnixAddress(AbstractName("nobody")), "MESSAGE=x\n"),
            ECONNREFUSED);
}

}  // namespace
}  // namespace awsr::systemd
