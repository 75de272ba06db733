#!/usr/bin/env python3
"""A real SMTP server for quorum's tests (aiosmtpd).

Listens on 127.0.0.1, port 0, and prints the bound port as the first line
of standard output. Each accepted message is written to --dir as one file,
NNNNNN-<random>.eml, exactly as received (a file appears whole: it is
written under another name, then renamed).

  --fail-first N    answer the first N DATA commands with --fail-reply
  --fail-reply R    the reply for those (default: 451 4.3.0 try again later)
  --delay-ms M      sleep M milliseconds before answering each DATA
"""

import argparse
import asyncio
import itertools
import os
import sys
import uuid

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, directory, fail_first, fail_reply, delay_ms):
        self.directory = directory
        self.fail_first = fail_first
        self.fail_reply = fail_reply
        self.delay = delay_ms / 1000.0
        self.data_commands = 0
        self.accepted = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.data_commands <= self.fail_first:
            return self.fail_reply
        name = f"{next(self.accepted):06d}-{uuid.uuid4().hex}.eml"
        partial = os.path.join(self.directory, "." + name + ".partial")
        with open(partial, "wb") as f:
            f.write(envelope.original_content)
        os.rename(partial, os.path.join(self.directory, name))
        return "250 2.0.0 OK"


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--fail-reply", default="451 4.3.0 try again later")
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Handler(args.dir, args.fail_first, args.fail_reply, args.delay_ms)
    loop = asyncio.get_running_loop()
    # decode_data=False keeps the bytes as sent; 8BITMIME and SMTPUTF8 on
    server = await loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="smtp.test"),
        host="127.0.0.1",
        port=0,
    )
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
