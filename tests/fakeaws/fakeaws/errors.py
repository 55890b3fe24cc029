"""The one exception type handlers raise; protocols turn it into AWS's error shape."""


class AwsError(Exception):
    def __init__(self, code: str, message: str = "", status: int = 400, sender: bool = True,
                 headers=None, fields=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message or code
        self.status = status
        self.sender = sender  # query errors say Sender or Receiver
        self.headers = headers or {}  # extra response headers (S3's x-amz-bucket-region)
        self.fields = fields or {}  # extra elements in S3's <Error> (Region, Endpoint, Bucket)


def not_found(code: str, message: str) -> AwsError:
    return AwsError(code, message, 404 if code == "NoSuchEntity" else 400)
