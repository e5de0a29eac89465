# Plays the Nutanix cluster's NGT port: accepts TCP connections on
# <ip>:<port> and appends one JSON line per connection to <record>:
#   {"time": <epoch s>, "peer": "<ip>:<port>", "data": "<first line sent>"}
# Usage: cluster_listener.py <ip> <port> <record file> <ready file>
import json
import socket
import sys
import threading
import time

ip, port, record, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lock = threading.Lock()


def handle(connection, peer):
    connection.settimeout(2)
    data = b""
    try:
        while b"\n" not in data and len(data) < 4096:
            chunk = connection.recv(1024)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    finally:
        connection.close()
    entry = {"time": time.time(), "peer": "%s:%d" % peer, "data": data.decode("utf-8", "replace").strip()}
    with lock, open(record, "a") as handle_:
        handle_.write(json.dumps(entry) + "\n")


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((ip, port))
server.listen(64)
open(ready, "w").close()
while True:
    connection, peer = server.accept()
    threading.Thread(target=handle, args=(connection, peer), daemon=True).start()
