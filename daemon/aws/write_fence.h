// The gate every mutating AWS call passes right before it leaves (lease/fenced_transport.h). A
// daemon that may have lost its right to write (its lease was not renewed in time) must not send
// a single write, even one a coroutine decided on before the process was paused.
#pragma once

#include <string>
#include <string_view>

#include "daemon/base/error.h"

namespace awsr::aws {

// The aws_code of a call the fence held back: nothing was sent.
inline constexpr std::string_view kWriteFenced = "WriteFenced";

// Not retryable and nothing was sent: the engine records it and tries again later, by when this
// daemon is either active again or planning only.
inline Error WriteFencedError() {
  Error error = MakeError(ErrorKind::kConflict,
                          "not sent: this daemon holds no fresh lease to write (another "
                          "daemon with the same owner may be active)");
  error.aws_code = std::string(kWriteFenced);
  return error;
}

class WriteFence {
 public:
  virtual ~WriteFence() = default;
  // Whether a write may leave now. Called on the daemon's thread right before each attempt of
  // each mutating call; cheap, never blocks, reads the monotonic clock itself.
  virtual bool MayWrite() const = 0;
};

}  // namespace awsr::aws
