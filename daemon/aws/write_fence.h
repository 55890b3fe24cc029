// The gate every mutating AWS call passes right before it leaves (lease/fenced_transport.h). A
// daemon that may have lost its right to write (its lease was not renewed in time) must not send
// a single write, even one a coroutine decided on before the process was paused.
#pragma once

#include <string_view>

namespace awsr::aws {

// The aws_code of a call the fence held back: nothing was sent.
inline constexpr std::string_view kWriteFenced = "WriteFenced";

class WriteFence {
 public:
  virtual ~WriteFence() = default;
  // Whether a write may leave now. Called on the daemon's thread right before each attempt of
  // each mutating call; cheap, never blocks, reads the monotonic clock itself.
  virtual bool MayWrite() const = 0;
};

}  // namespace awsr::aws
