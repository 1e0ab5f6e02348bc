# plot.gp - req/s against connections, from bench/mock-bench.sh:
#   gnuplot -e "data='FILE'; out='SVG'; cores=N" bench/plot.gp
# FILE has a line per connection count: connections, then the median req/s
# of the bare libmicrohttpd server, gtd-mock booking detail and WireMock.
set terminal svg size 820,460 dynamic font "sans,12" background rgb "white"
set output out
set title sprintf("Booking detail, req/s against connections (%d cores, loopback, wrk -t1)", cores)
set xlabel "connections"
set ylabel "requests per second"
set logscale x
set xtics ("1" 1, "8" 8, "50" 50, "200" 200)
set xrange [0.8:260]
set yrange [0:*]
set grid
set key outside bottom center horizontal maxrows 1 width -2
plot data using 1:2 with linespoints lw 2 title "bare libmicrohttpd (bench/hello)", \
     data using 1:3 with linespoints lw 2 title "gtd-mock booking detail", \
     data using 1:4 with linespoints lw 2 title "WireMock 3.13.2"
