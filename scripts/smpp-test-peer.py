#!/usr/bin/env python3
"""An SMSC on loopback for Reroute's SMPP client tests, built on the smpp34 package (PyPI).

smpp34 does the SMPP 3.4 work (framing, bind, submit_sm_resp, deliver_sm, enquire_link, windowing); this script
only wires it to the test: it prints one JSON object per line on stdout for each event, and reads one JSON command
per line on stdin.

Events:   {"event": "listening", "port": N}
          {"event": "bound", "session": ID, "system_id": S}
          {"event": "submit", "session": ID, "source": S, "source_ton": N, "destination": S, "dest_ton": N,
           "data_coding": N, "esm_class": N, "registered_delivery": N, "text_hex": HEX, "message_id": S}
          {"event": "unbound", "session": ID}
          {"event": "deliver_resp", "status": N}
          {"event": "error", "message": S}
Commands: {"cmd": "deliver", "source": S, "destination": S, "text": S, "data_coding": N, "esm_class": N}
          {"cmd": "unbind"}
Every submit_sm is accepted with message_id "smsc-<n>"; with registered_delivery bit 0 set, a delivery receipt
(esm_class 0x04, SMPP 3.4 Appendix B text) follows it.
"""
import argparse
import asyncio
import json
import os
import sys

import smpp34


def emit(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--system-id", default="SIMSMSC")
    args = parser.parse_args()

    server = smpp34.Server(host="127.0.0.1", port=args.port, system_id=args.system_id)
    await server.start()
    emit(event="listening", port=args.port)
    sessions = {}
    counter = 0

    async def deliver(esme, **kwargs):
        try:
            response = await esme.deliver_sm(**kwargs)
            emit(event="deliver_resp", status=response.command_status)
        except Exception as error:  # noqa: BLE001 - reported to the test
            emit(event="error", message=str(error))

    async def commands():
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while True:
            line = await reader.readline()
            if not line:
                # The test that started this SMSC is gone: do not outlive it.
                os._exit(0)
            command = json.loads(line)
            live = [esme for esme in sessions.values()]
            if not live:
                emit(event="error", message="no bound session")
                continue
            esme = live[-1]
            if command["cmd"] == "deliver":
                text = command["text"]
                coding = command.get("data_coding", 0)
                payload = text.encode("utf-16-be") if coding == 8 else text.encode("latin-1")
                asyncio.create_task(deliver(
                    esme, destination_addr=command["destination"], source_addr=command["source"],
                    short_message=payload, data_coding=coding, esm_class=command.get("esm_class", 0),
                    source_addr_ton=1, source_addr_npi=1, dest_addr_ton=1, dest_addr_npi=1))
            elif command["cmd"] == "unbind":
                await esme.unbind()

    asyncio.create_task(commands())
    while True:
        event = await server.next()
        if isinstance(event, smpp34.Esme):
            sessions[event.session_id] = event
            emit(event="bound", session=event.session_id, system_id=event.system_id)
        elif isinstance(event, smpp34.SubmitSmEvent):
            counter += 1
            message_id = "smsc-%d" % counter
            event.accept(message_id=message_id)
            emit(event="submit", session=event.session_id, source=event.source_addr,
                 source_ton=event.source_addr_ton, destination=event.destination_addr,
                 dest_ton=event.dest_addr_ton, data_coding=event.data_coding, esm_class=event.esm_class,
                 registered_delivery=event.registered_delivery, text_hex=event.short_message.hex(),
                 message_id=message_id)
            esme = sessions.get(event.session_id)
            if esme is not None and event.registered_delivery & 0x01:
                receipt = "id:%s sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:" % message_id
                asyncio.create_task(deliver(
                    esme, destination_addr=event.source_addr, source_addr=event.destination_addr,
                    short_message=receipt.encode("ascii"), esm_class=0x04, source_addr_ton=1, source_addr_npi=1))
        elif isinstance(event, smpp34.Unbound):
            sessions.pop(event.session_id, None)
            emit(event="unbound", session=event.session_id)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
