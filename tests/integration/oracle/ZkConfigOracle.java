/*
 * ZkConfigOracle.java - what the JDK itself reads from a Properties file
 * (as ZooKeeper's QuorumPeerConfig loads zoo.cfg) or a JAAS login
 * configuration (sun.security.provider.ConfigFile), printed in the
 * normalised form the unit tests compare rampart's parsers against.
 *
 *   java --add-opens java.base/sun.security.provider=ALL-UNNAMED \
 *       --add-opens java.base/javax.security.auth.login=ALL-UNNAMED \
 *       ZkConfigOracle.java props|jaas FILE
 *
 * Output: sorted lines, every character outside printable ASCII (and the
 * backslash) written as \\uXXXX; "ERROR" when the JDK rejects the file.
 *
 * SPDX-License-Identifier: MIT
 */
import java.io.FileInputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

public class ZkConfigOracle {
	static String esc(String s) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\')
				b.append("\\\\");
			else if (c >= 0x20 && c < 0x7f)
				b.append(c);
			else
				b.append(String.format("\\u%04x", (int)c));
		}
		return b.toString();
	}

	static void props(String file) throws Exception {
		Properties p = new Properties();
		try (FileInputStream in = new FileInputStream(file)) {
			p.load(in);
		} catch (IllegalArgumentException e) {
			System.out.println("ERROR");
			return;
		}
		List<String> out = new ArrayList<>();
		for (Map.Entry<Object, Object> e : p.entrySet())
			out.add(esc(e.getKey().toString()) + "\t" +
			    esc(e.getValue().toString()));
		Collections.sort(out);
		for (String s : out)
			System.out.println(s);
	}

	@SuppressWarnings("unchecked")
	static void jaas(String file) throws Exception {
		Configuration c;
		try {
			URI u = Paths.get(file).toAbsolutePath().toUri();
			c = Configuration.getInstance("JavaLoginConfig",
			    new java.security.URIParameter(u));
		} catch (Exception e) {
			System.out.println("ERROR");
			return;
		}
		/* Configuration has no way to list its entries: read the map. */
		Object spi = c;
		Field sf = null;
		for (Class<?> k = c.getClass(); k != null && sf == null; k = k.getSuperclass()) {
			for (Field f : k.getDeclaredFields())
				if (f.getName().equals("spi"))
					sf = f;
		}
		if (sf != null) {
			sf.setAccessible(true);
			spi = sf.get(c);
		}
		Field mf = null;
		for (Class<?> k = spi.getClass(); k != null && mf == null; k = k.getSuperclass()) {
			for (Field f : k.getDeclaredFields())
				if (Map.class.isAssignableFrom(f.getType()))
					mf = f;
		}
		mf.setAccessible(true);
		Map<String, List<AppConfigurationEntry>> m =
		    new TreeMap<>((Map<String, List<AppConfigurationEntry>>)mf.get(spi));
		for (Map.Entry<String, List<AppConfigurationEntry>> e : m.entrySet()) {
			System.out.println("[" + esc(e.getKey()) + "]");
			for (AppConfigurationEntry a : e.getValue()) {
				String flag = a.getControlFlag().toString();
				flag = flag.substring(flag.indexOf(':') + 1).trim();
				System.out.println(esc(a.getLoginModuleName()) + " " + flag);
				Map<String, ?> o = new TreeMap<>(a.getOptions());
				for (Map.Entry<String, ?> oe : o.entrySet())
					System.out.println("  " + esc(oe.getKey()) + "=" +
					    esc(oe.getValue().toString()));
			}
		}
	}

	public static void main(String[] args) throws Exception {
		if (args[0].equals("props"))
			props(args[1]);
		else
			jaas(args[1]);
	}
}
