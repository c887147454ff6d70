// A Go program that allocates a large heap, drops it and runs runtime.GC (not debug.FreeOSMemory),
// so HeapIdle stays large while HeapReleased lags behind; it serves net/http/pprof and expvar on a
// free localhost port (written to DIR/port) until DIR/stop exists. Run with GODEBUG=gctrace=1.
package main

import (
	"expvar"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

var keep [][]byte

func main() {
	dir := os.Args[1]
	expvar.NewString("phase").Set("allocating")
	var big [][]byte
	for i := 0; i < 400; i++ {
		b := make([]byte, 1<<20)
		for k := 0; k < len(b); k += 4096 {
			b[k] = 1
		}
		big = append(big, b)
	}
	// Keep a little, drop the rest.
	keep = append(keep, big[:16]...)
	big = nil
	runtime.GC()
	expvar.Get("phase").(*expvar.String).Set("freed")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := os.WriteFile(filepath.Join(dir, "port"), []byte(fmt.Sprint(port)), 0o644); err != nil {
		panic(err)
	}
	go func() {
		for {
			if _, err := os.Stat(filepath.Join(dir, "stop")); err == nil {
				os.Exit(0)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	panic(http.Serve(l, nil))
}
